// An organization's inventory: mail servers, sending domains and sending IPs, and their shared field schemas.
export * from "./mail-server.ts";
export * from "./sending-domain.ts";
export * from "./sending-ip.ts";
export * from "./fields.ts";
