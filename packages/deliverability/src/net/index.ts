export * from "./egress-guard.ts";
