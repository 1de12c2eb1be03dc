export * from "./egress-guard.ts";
export * from "./pinned-dialer.ts";
export * from "./normalize.ts";
export * from "./pinned-https.ts";
export * from "./pinned-http.ts";
export * from "./client-ip.ts";
export * from "./ip-literal.ts";
