// The kernel every caller shares: contexts, typed errors with their one status table, permissions, the
// environment piece, Json column readers, the platform resolver, password and secret crypto. Verbs live
// behind their area's entry point (`@inboxwatch/services/<area>`, package.json "exports").
import "./validation/messages.ts";
export * from "./errors.ts";
export { describeIssue } from "./validation/messages.ts";
export * from "./permissions.ts";
export * from "./context.ts";
export { servicesEnv } from "./env.ts";
export { jsonInput, readJson, StoredJsonError } from "./json/column.ts";
export { createPlatformDns, platformDns, type PlatformDns } from "./net/platform-dns.ts";
export * from "./crypto/password.ts";
export * from "./crypto/secret-box.ts";
export { isDatabaseUnavailable } from "./ingest/db-unavailable.ts";
