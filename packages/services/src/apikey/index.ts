// API keys of an organization (create, list, revoke, authenticate) and the per-key request rate limit.
export * from "./apikey.ts";
export { takeRateLimit } from "./rate-limit.ts";
