/**
 * Normalized report shapes. Enumerated values (results, dispositions, alignment modes, feedback types)
 * are lowercased RFC vocabulary but typed as strings: reporters send values outside the RFC lists and
 * we keep them rather than lose the record. Absent or empty elements become `null`.
 */

export interface DateRange {
  begin: Date;
  end: Date;
}

/** RFC 7489 appendix C `<policy_published>` (plus DMARCbis `np`, `testing`, `discovery_method`). */
export interface DmarcPolicyPublished {
  domain: string | null;
  /** "r" | "s" */
  adkim: string | null;
  aspf: string | null;
  /** "none" | "quarantine" | "reject" */
  p: string | null;
  sp: string | null;
  np: string | null;
  pct: number | null;
  fo: string | null;
  testing: string | null;
  discoveryMethod: string | null;
}

/** "forwarded" | "sampled_out" | "trusted_forwarder" | "mailing_list" | "local_policy" | "other" */
export interface DmarcOverrideReason {
  type: string | null;
  comment: string | null;
}

export interface DmarcDkimAuthResult {
  domain: string | null;
  selector: string | null;
  /** "none" | "pass" | "fail" | "policy" | "neutral" | "temperror" | "permerror" */
  result: string | null;
  humanResult: string | null;
}

export interface DmarcSpfAuthResult {
  domain: string | null;
  /** "helo" | "mfrom" */
  scope: string | null;
  /** "none" | "neutral" | "pass" | "fail" | "softfail" | "temperror" | "permerror" */
  result: string | null;
  humanResult: string | null;
}

export interface DmarcRecord {
  sourceIp: string | null;
  count: number;
  policyEvaluated: {
    /** "none" | "quarantine" | "reject" */
    disposition: string | null;
    /** DMARC-aligned DKIM result: "pass" | "fail" */
    dkim: string | null;
    /** DMARC-aligned SPF result: "pass" | "fail" */
    spf: string | null;
    reasons: DmarcOverrideReason[];
  };
  identifiers: {
    headerFrom: string | null;
    envelopeFrom: string | null;
    envelopeTo: string | null;
  };
  authResults: {
    dkim: DmarcDkimAuthResult[];
    spf: DmarcSpfAuthResult[];
  };
}

export interface DmarcAggregateReport {
  version: string | null;
  reporter: { orgName: string; email: string | null; extraContactInfo: string | null };
  reportId: string;
  dateRange: DateRange;
  errors: string[];
  policyPublished: DmarcPolicyPublished;
  /** Empty when records were streamed to `onDmarcRecord` instead. */
  records: DmarcRecord[];
  recordCount: number;
  /** Sum of the records' `count`. */
  messageCount: number;
  /** Well-formedness problems the parser recovered from (at most a few are kept). */
  warnings: string[];
}

/** RFC 8460 §4.4 failure details. */
export interface TlsFailureDetail {
  /** e.g. "starttls-not-supported", "certificate-host-mismatch", "sts-policy-fetch-error" */
  resultType: string | null;
  sendingMtaIp: string | null;
  receivingMxHostname: string | null;
  receivingMxHelo: string | null;
  receivingIp: string | null;
  failedSessionCount: number;
  additionalInformation: string | null;
  failureReasonCode: string | null;
}

export interface TlsPolicyResult {
  /** "sts" | "tlsa" | "no-policy-found" (others kept as sent) */
  policyType: string | null;
  policyStrings: string[];
  policyDomain: string | null;
  mxHosts: string[];
  successfulSessionCount: number;
  failedSessionCount: number;
  failureDetails: TlsFailureDetail[];
}

export interface TlsReport {
  organizationName: string;
  contactInfo: string | null;
  reportId: string;
  dateRange: DateRange;
  policies: TlsPolicyResult[];
  totalSuccessfulSessions: number;
  totalFailedSessions: number;
}

/** Headers of the reported message (RFC 5965 §2 third part, message/rfc822 or text/rfc822-headers). */
export interface OriginalMessageHeaders {
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  date: Date | null;
  listId: string | null;
  /** Campaign-identifying headers (X-Campaign-Id, Feedback-ID, X-Mailgun-Campaign-Id…), lowercased names. */
  campaignHeaders: Record<string, string>;
}

/** RFC 5965 feedback report (ARF); RFC 6591 fields are filled for `auth-failure` reports. */
export interface FeedbackReport {
  /** "abuse" | "fraud" | "virus" | "other" | "not-spam" | "opt-out" | "auth-failure" … */
  feedbackType: string;
  userAgent: string | null;
  version: string | null;
  /** Reporting-MTA without its "dns;" type prefix. */
  reportingMta: string | null;
  sourceIp: string | null;
  arrivalDate: Date | null;
  originalEnvelopeId: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string[];
  reportedDomains: string[];
  reportedUris: string[];
  removalRecipients: string[];
  incidents: number | null;
  authenticationResults: string[];
  /** RFC 6591 §3.1: "adsp" | "bodyhash" | "revoked" | "signature" | "spf" | "dmarc" */
  authFailure: string | null;
  /** RFC 7489 §7.3: "none" | "spf" | "dkim" | "dkim,spf"… */
  identityAlignment: string | null;
  deliveryResult: string | null;
  dkimDomain: string | null;
  dkimSelector: string | null;
  dkimIdentity: string | null;
  spfDns: string | null;
  originalMessage: OriginalMessageHeaders | null;
  /** Who complained / is to be removed: Original-Rcpt-To, else Removal-Recipient, else the original To. */
  complainedRecipients: string[];
  /** The report email itself, for display and deduplication. */
  reportEmail: { from: string | null; subject: string | null; messageId: string | null; date: Date | null };
}

export type ReportKind = "dmarc_aggregate" | "dmarc_failure" | "arf" | "tls_rpt";

export type ParsedReport =
  | { kind: "dmarc_aggregate"; report: DmarcAggregateReport }
  | { kind: "tls_rpt"; report: TlsReport }
  | { kind: "arf"; report: FeedbackReport }
  | { kind: "dmarc_failure"; report: FeedbackReport };
