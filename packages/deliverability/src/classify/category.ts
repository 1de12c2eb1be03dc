/**
 * From the fine reason (plus a few reply-text signals the reason vocabulary does not separate, such as
 * greylisting or rate limits) to the product category and its hard/soft severity.
 */
import { type BounceCategory, type BounceReason, HARD_CATEGORIES, SOFT_CATEGORIES } from "./types.ts";

const CATEGORY_BY_REASON: Record<BounceReason, BounceCategory> = {
  userunknown: "user_unknown",
  hasmoved: "user_unknown",
  suspend: "user_unknown",
  filtered: "policy_blocked",
  hostunknown: "domain_not_found",
  notaccept: "domain_not_found",
  rejected: "policy_blocked",
  policyviolation: "policy_blocked",
  norelaying: "policy_blocked",
  securityerror: "policy_blocked",
  requireptr: "policy_blocked",
  notcompliantrfc: "policy_blocked",
  syntaxerror: "policy_blocked",
  failedstarttls: "policy_blocked",
  suppressed: "policy_blocked",
  blocked: "reputation_blocklisted",
  badreputation: "reputation_blocklisted",
  spamdetected: "spam_content",
  virusdetected: "spam_content",
  contenterror: "spam_content",
  authfailure: "auth_failure",
  mesgtoobig: "message_too_large",
  exceedlimit: "message_too_large",
  mailboxfull: "mailbox_full",
  systemfull: "temporary_failure",
  toomanyconn: "throttled",
  speeding: "rate_limited",
  networkerror: "connection_failed",
  systemerror: "temporary_failure",
  mailererror: "temporary_failure",
  onhold: "temporary_failure",
  undefined: "unknown",
  expired: "expired",
  delivered: "delivered",
  vacation: "auto_reply",
  feedback: "complaint",
};

/**
 * Reply texts that name the soft cause more precisely than any reason does. Provider wording: Gmail
 * ("4.7.28 … rate limited", "try again later"), Microsoft ("S775"/"server busy"), Yahoo ("TSS04",
 * "temporarily deferred"), Apple/iCloud ("rate limit"), GMX/Web.de ("too many mails"), Mail.ru/Yandex
 * ("ratelimit", "too many messages"), Comcast ("RL000"), Orange ("OFR_999" trop de connexions).
 */
const GREYLIST_RE = /grey[- ]?list|gray[- ]?list|greylisted|try again (?:later|in \d+)|temporarily (?:rejected|deferred)[^.]*greylist/;
const RATE_RE =
  /rate[- ]?limit|ratelimit|too many (?:messages|mails|emails)|sending rate|tss04|rl000|4\.7\.28|exceeded .*(?:limit|quota) per|slow down/;
const THROTTLE_RE = /too many (?:connections|concurrent|sessions)|throttl|trop de connexions|server busy|try again slower/;
const TIMEOUT_RE = /timed? ?out|timeout/;
const CONNECT_RE =
  /connection (?:refused|reset|closed|dropped|lost)|no route to host|network is unreachable|lost connection|host not found|name service error|dns (?:lookup )?(?:failure|error)/;
const BLOCKLIST_RE = /spamhaus|spamcop|barracuda|blocklist|blacklist|\bdnsbl\b|\brbl\b|banned sending ip|s3150|reputation/;

/** The product category for a reason, refined by the reply text (lower-cased) and the SMTP reply class. */
export function categoryFor(reason: BounceReason, lowerText: string, transient: boolean): BounceCategory {
  const base = CATEGORY_BY_REASON[reason];
  if (base === "delivered" || base === "auto_reply" || base === "complaint") return base;
  if (transient) {
    if (GREYLIST_RE.test(lowerText) && /grey|gray/.test(lowerText)) return "greylisted";
    if (RATE_RE.test(lowerText)) return "rate_limited";
    if (THROTTLE_RE.test(lowerText)) return "throttled";
  }
  if (base === "expired" || base === "connection_failed" || base === "temporary_failure" || base === "unknown") {
    if (TIMEOUT_RE.test(lowerText) && base !== "expired") return "timeout";
    if (CONNECT_RE.test(lowerText) && base !== "expired") return "connection_failed";
  }
  if (base === "policy_blocked" && BLOCKLIST_RE.test(lowerText)) return "reputation_blocklisted";
  if (base === "unknown" && transient) return "temporary_failure";
  return base;
}

const HARD: ReadonlySet<string> = new Set(HARD_CATEGORIES);
const SOFT: ReadonlySet<string> = new Set(SOFT_CATEGORIES);

/** Hard categories stop sending to the address; soft ones retry; the rest are not failures. */
export function severityOf(category: BounceCategory): "hard" | "soft" | "none" {
  if (HARD.has(category)) return "hard";
  if (SOFT.has(category) || category === "expired" || category === "unknown") return "soft";
  return "none";
}
