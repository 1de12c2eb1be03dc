/**
 * Every bound the report parsers enforce. Reports arrive from anyone who can send mail to an intake
 * address, so each limit assumes a hostile sender; all are overridable per call (`ReportLimits`) for
 * operators with unusually large legitimate reports.
 */

/** Raw input (an email, an archive, a file): matches the intake SMTP SIZE so nothing larger is ever queued. */
export const REPORT_MAX_INPUT_BYTES = 25 * 1024 * 1024;
/** Decompressed bytes per archive layer; a real daily aggregate report from a large receiver stays below a few MiB. */
export const REPORT_MAX_INFLATED_BYTES = 25 * 1024 * 1024;
/** Members of one zip (each a central-directory entry); receivers send exactly one. */
export const REPORT_MAX_ZIP_MEMBERS = 5;
/** gzip layers unwrapped in a row: one, plus one more for reporters that gzip an already gzipped file. */
export const REPORT_MAX_GZIP_LAYERS = 2;
/**
 * Compressed bytes fed to the inflater per step: deflate expands at most ~1032:1, so one step yields
 * ≤ ~4 MiB before the running total is checked (smaller steps cost fflate more per byte).
 */
export const REPORT_INFLATE_STEP_BYTES = 4 * 1024;
/** XML element nesting: a DMARC aggregate report is 6 levels deep; the rest is slack for wrappers and extensions. */
export const REPORT_MAX_XML_DEPTH = 32;
/** JSON nesting: a TLS-RPT report is 5 levels deep. */
export const REPORT_MAX_JSON_DEPTH = 32;
/** `<record>` elements in one aggregate report: far above what any receiver sends for one domain and day. */
export const REPORT_MAX_DMARC_RECORDS = 500_000;
/** Characters kept from one XML text node; longer values (none are legitimate) are truncated. */
export const REPORT_MAX_XML_TEXT_CHARS = 16 * 1024;
/** Characters between two "<" in XML: no tag, text node or comment of a report is longer, and saxes buffers a whole run. */
export const REPORT_MAX_XML_RUN_CHARS = 1024 * 1024;
/** A TLS-RPT JSON document: one entry per policy and failure kind, KiBs even from the largest senders. */
export const REPORT_MAX_JSON_BYTES = 5 * 1024 * 1024;
/** Well-formedness errors tolerated (real reports carry bad bytes and stray tags) before giving up. */
export const REPORT_MAX_XML_ERRORS = 100;
/** MIME parts in one report email; a report has 2–4. */
export const REPORT_MAX_MIME_PARTS = 64;
/** Header block of one MIME part; report headers are a few KiB. */
export const REPORT_MAX_MIME_HEAD_BYTES = 256 * 1024;
/** Bytes of inflated data parsed between yields to the event loop, so a large report never stalls the worker. */
export const REPORT_YIELD_EVERY_BYTES = 1024 * 1024;

export interface ReportLimits {
  maxInputBytes: number;
  maxInflatedBytes: number;
  maxZipMembers: number;
  maxGzipLayers: number;
  maxXmlDepth: number;
  maxJsonDepth: number;
  maxDmarcRecords: number;
}

export const DEFAULT_REPORT_LIMITS: Readonly<ReportLimits> = Object.freeze({
  maxInputBytes: REPORT_MAX_INPUT_BYTES,
  maxInflatedBytes: REPORT_MAX_INFLATED_BYTES,
  maxZipMembers: REPORT_MAX_ZIP_MEMBERS,
  maxGzipLayers: REPORT_MAX_GZIP_LAYERS,
  maxXmlDepth: REPORT_MAX_XML_DEPTH,
  maxJsonDepth: REPORT_MAX_JSON_DEPTH,
  maxDmarcRecords: REPORT_MAX_DMARC_RECORDS,
});

export function resolveLimits(overrides: Partial<ReportLimits> | undefined): ReportLimits {
  return { ...DEFAULT_REPORT_LIMITS, ...overrides };
}
