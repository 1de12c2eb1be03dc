/**
 * Why an input was not turned into a report. Parsers throw `ReportRejection` internally;
 * `parseReport` turns it (and any unexpected error) into a `{ ok: false, reason }` value, so callers
 * can quarantine the input with the reason and never crash on it.
 */
export type RejectReason =
  /** the raw input is larger than `maxInputBytes` */
  | "too_large"
  /** decompression produced more than `maxInflatedBytes` */
  | "bomb"
  /** XML with a DOCTYPE or ENTITY declaration (entity expansion, external entities) */
  | "doctype_forbidden"
  /** XML or JSON nested deeper than allowed */
  | "too_deep"
  /** more DMARC records than `maxDmarcRecords` */
  | "too_many_records"
  /** a zip with more members than `maxZipMembers` */
  | "too_many_members"
  /** an archive inside an archive (zip in zip, gzip in zip, more gzip layers than allowed) */
  | "nested_archive"
  /** the input is damaged: bad compression, unparseable XML/JSON, required fields missing */
  | "malformed"
  /** well-formed, but not a report we know (other XML/JSON, an ordinary email) */
  | "unsupported";

export class ReportRejection extends Error {
  readonly reason: RejectReason;

  constructor(reason: RejectReason, message: string) {
    super(message);
    this.name = "ReportRejection";
    this.reason = reason;
  }
}
