/**
 * The vocabulary of bounce classification. Two levels: a product `BounceCategory` that says what the
 * sender should do, and a finer `BounceReason` that keeps Sisimai's reason names (the closest thing the
 * field has to a shared vocabulary), so results can be compared with that classifier one to one.
 */

/** Hard categories: retrying the same message to the same recipient will not help. */
export const HARD_CATEGORIES = [
  "user_unknown",
  "domain_not_found",
  "policy_blocked",
  "spam_content",
  "auth_failure",
  "reputation_blocklisted",
  "message_too_large",
] as const;

/** Soft categories: the receiver may accept the message later. */
export const SOFT_CATEGORIES = [
  "mailbox_full",
  "rate_limited",
  "throttled",
  "greylisted",
  "temporary_failure",
  "connection_failed",
  "timeout",
] as const;

export const OTHER_CATEGORIES = ["delivered", "expired", "auto_reply", "complaint", "unknown"] as const;

export type HardCategory = (typeof HARD_CATEGORIES)[number];
export type SoftCategory = (typeof SOFT_CATEGORIES)[number];
export type BounceCategory = HardCategory | SoftCategory | (typeof OTHER_CATEGORIES)[number];

/** Sisimai's reason names (v5), our second level. */
export const BOUNCE_REASONS = [
  "authfailure",
  "badreputation",
  "blocked",
  "contenterror",
  "delivered",
  "exceedlimit",
  "expired",
  "failedstarttls",
  "feedback",
  "filtered",
  "hasmoved",
  "hostunknown",
  "mailboxfull",
  "mailererror",
  "mesgtoobig",
  "networkerror",
  "norelaying",
  "notaccept",
  "notcompliantrfc",
  "onhold",
  "policyviolation",
  "rejected",
  "requireptr",
  "securityerror",
  "spamdetected",
  "speeding",
  "suppressed",
  "suspend",
  "syntaxerror",
  "systemerror",
  "systemfull",
  "toomanyconn",
  "undefined",
  "userunknown",
  "vacation",
  "virusdetected",
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/**
 * Reply-text patterns of one reason (phrases.ts), lower-case: `any` one of them in the text, `ordered`
 * all parts of one entry in order, `unless` none of these. Here, beside the reasons, so that the phrase
 * tables and their matcher import it from one place rather than from each other.
 */
export interface PhraseSet {
  any: readonly string[];
  ordered?: readonly (readonly string[])[];
  unless?: readonly string[];
}

/** From the first digit of the enhanced status code (RFC 3463 §3.1: 2 success, 4 transient, 5 permanent). */
export type BounceClass = "permanent" | "transient" | "delivered";

/** What is known about one recipient's failure before a reason is chosen (RFC 3464 §2.3 field names). */
export interface DeliveryFact {
  /** RFC 3463 enhanced status code, e.g. "5.1.1"; "" when unknown. */
  status: string;
  /** SMTP basic reply code (RFC 5321 §4.2), e.g. "550"; "" when unknown. */
  replyCode: string;
  /** The server's reply or the MTA's explanation (Diagnostic-Code without its type). */
  diagnostic: string;
  /** The Diagnostic-Code type (RFC 3464 §2.3.6): "SMTP", "X-UNIX", …; "" when absent. */
  diagnosticType: string;
  /** The SMTP command the reply answered (CONN, EHLO, MAIL, RCPT, DATA, …); "" when unknown. */
  command: string;
  /** RFC 3464 §2.3.3 Action: failed, delayed, delivered, relayed, expanded; "" when absent. */
  action: string;
  /** A reason already decided by a format-specific rule (e.g. a provider's documented code). */
  reason?: BounceReason;
  /** Where the reply came from, for provider rules (rhost/): recipient domain, answering and reporting host. */
  destination?: string;
  remoteHost?: string;
  localHost?: string;
}

export interface Classification {
  category: BounceCategory;
  reason: BounceReason;
  class: BounceClass;
  /** Whether the category is hard (stop sending) or soft (retry later); delivered/other → "none". */
  severity: "hard" | "soft" | "none";
  replyCode: string;
  /** The enhanced status code as reported or, failing that, derived from the reason. */
  enhancedCode: string;
  diagnostic: string;
}
