// Pure protocol and parsing code: no database, I/O injected. Import subpaths for the parts you need
// (`@inboxwatch/deliverability/net`, `…/smtp`, `…/dns`, `…/logs`, `…/classify`, `…/reports`).
export * as net from "./net/index.ts";
