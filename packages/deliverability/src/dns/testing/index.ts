export * from "./server.ts";
export * from "./zone.ts";
