// Report parsing: DMARC aggregate (RFC 7489 appendix C), DMARC failure (RFC 6591), ARF (RFC 5965) and
// SMTP TLS reports (RFC 8460), from raw XML/JSON, gzip, zip or email, with limits against bombs.
export { parseReport, dedupKey, type ParseReportOptions, type ParseReportResult, type ReportDedupKey } from "./parse-report.ts";
export { ReportRejection, type RejectReason } from "./rejection.ts";
export * from "./limits.ts";
export type * from "./types.ts";
