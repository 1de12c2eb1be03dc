// Bounce classification: SMTP replies and DSN/bounce mail → category (hard/soft), Sisimai-compatible
// reason, and permanent/transient/delivered class.
export * from "./types.ts";
export { classifyReply, classifyFact, commandFromText } from "./classify-reply.ts";
export { categoryFor, severityOf } from "./category.ts";
export { findReason } from "./reason.ts";
export { findEnhancedCode, findReplyCode, reasonFromStatus, isEnhancedCode, internalCode } from "./status.ts";
export { parseBounce, DSN_MAX_BYTES, type BounceRecipient, type BounceReport } from "./dsn.ts";
export { parseDsnFields, type DsnFields, type DsnRecipientFields } from "./dsn-fields.ts";
