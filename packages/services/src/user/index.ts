// Accounts before any organization: password and link sign-in with their rate limits, sessions, sign-up.
export * from "./auth.ts";
export * from "./magic-link.ts";
export * from "./schemas.ts";
export * from "./sign-in-limit.ts";
export * from "./sessions.ts";
export * from "./link-limit.ts";
