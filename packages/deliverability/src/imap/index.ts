// IMAP for report mailboxes: connecting through the egress guard, TLS trust and failure wording.
export * from "./client.ts";
export * from "./tls.ts";
