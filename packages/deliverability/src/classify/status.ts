/**
 * RFC 3463 enhanced status codes and RFC 5321 reply codes: finding them in reply text and mapping the
 * code alone to a reason when the text says nothing more specific.
 */
import { type BounceReason } from "./types.ts";

/** RFC 3463 §2: class "." subject "." detail, subject and detail up to three digits. */
const ENHANCED_CODE_RE = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
/** A basic reply code at the start of a reply or after "said:" / "error:" (RFC 5321 §4.2). */
const REPLY_CODE_RE = /(?:^|[\s:;(\]"'-])([245][0-5]\d)(?=[\s,-]|$)/;
const REPLY_CODE_GLOBAL_RE = new RegExp(REPLY_CODE_RE.source, "g");

/** Whether `code` is a syntactically valid enhanced status code (RFC 3463 §2). */
export function isEnhancedCode(code: string): boolean {
  return /^[245]\.\d{1,3}\.\d{1,3}$/.test(code);
}

/** The first enhanced status code in `text`, or "". */
export function findEnhancedCode(text: string): string {
  const m = ENHANCED_CODE_RE.exec(text);
  if (!m) return "";
  // Sisimai-style internal codes (x.0.9xx) are ours to assign, not the remote's.
  return `${m[1]}.${m[2]}.${m[3]}`;
}

/**
 * The first SMTP basic reply code in `text`, or "". With `classHint` (the first digit of the enhanced
 * code found in the same text) the first code of that class is preferred, as Sisimai's reply.Find
 * does: a transcript quoting several replies is summarised by the one the status code belongs to.
 */
export function findReplyCode(text: string, classHint = ""): string {
  let first = "";
  for (const m of text.matchAll(REPLY_CODE_GLOBAL_RE)) {
    const code = m[1] ?? "";
    if (classHint === "" || code.startsWith(classHint)) return code;
    if (first === "") first = code;
  }
  return first;
}

/** Whether a code is one of Sisimai's internal x.0.9xx codes rather than one a server sent. */
export function isInternalCode(code: string): boolean {
  return /^[45]\.0\.9\d\d$/.test(code);
}

/** Reasons that the code alone states (RFC 3463 §3 with Sisimai's reading of the ambiguous ones). */
const REASON_BY_STATUS: Record<string, BounceReason> = {
  "2.1.5": "delivered",
  "4.1.6": "hasmoved",
  "4.1.7": "rejected",
  "4.1.8": "rejected",
  "4.1.9": "systemerror",
  "4.2.1": "blocked",
  "4.2.2": "mailboxfull",
  "4.2.3": "exceedlimit",
  "4.2.4": "filtered",
  "4.3.1": "systemfull",
  "4.3.2": "notaccept",
  "4.3.3": "systemerror",
  "4.3.5": "systemerror",
  "4.4.1": "expired",
  "4.4.2": "networkerror",
  "4.4.3": "systemerror",
  "4.4.4": "networkerror",
  "4.4.5": "systemfull",
  "4.4.6": "networkerror",
  "4.4.7": "expired",
  "4.4.8": "networkerror",
  "4.5.3": "systemerror",
  "4.5.5": "systemerror",
  "4.6.0": "contenterror",
  "4.6.2": "contenterror",
  "4.6.5": "contenterror",
  "4.7.1": "blocked",
  "4.7.2": "blocked",
  "4.7.5": "securityerror",
  "4.7.6": "securityerror",
  "4.7.7": "securityerror",
  "4.7.12": "securityerror",
  "4.7.15": "securityerror",
  "4.7.16": "mesgtoobig",
  "4.7.24": "authfailure",
  "4.7.25": "requireptr",
  "4.7.26": "authfailure",
  "5.1.0": "userunknown",
  "5.1.1": "userunknown",
  "5.1.2": "hostunknown",
  "5.1.3": "userunknown",
  "5.1.4": "filtered",
  "5.1.6": "hasmoved",
  "5.1.7": "rejected",
  "5.1.8": "rejected",
  "5.1.9": "systemerror",
  "5.1.10": "notaccept",
  "5.2.0": "filtered",
  "5.2.1": "filtered",
  "5.2.2": "mailboxfull",
  "5.2.3": "exceedlimit",
  "5.2.4": "filtered",
  "5.3.0": "systemerror",
  "5.3.1": "systemfull",
  "5.3.2": "notaccept",
  "5.3.3": "systemerror",
  "5.3.4": "mesgtoobig",
  "5.3.5": "systemerror",
  "5.4.0": "networkerror",
  "5.4.3": "systemerror",
  "5.4.4": "hostunknown",
  "5.5.2": "syntaxerror",
  "5.5.3": "toomanyconn",
  "5.5.4": "systemerror",
  "5.5.5": "systemerror",
  "5.5.6": "syntaxerror",
  "5.6.0": "contenterror",
  "5.6.1": "contenterror",
  "5.6.2": "contenterror",
  "5.6.3": "contenterror",
  "5.6.5": "contenterror",
  "5.6.6": "contenterror",
  "5.6.7": "contenterror",
  "5.6.8": "contenterror",
  "5.6.9": "contenterror",
  "5.7.0": "securityerror",
  "5.7.1": "securityerror",
  "5.7.2": "securityerror",
  "5.7.3": "securityerror",
  "5.7.4": "securityerror",
  "5.7.5": "securityerror",
  "5.7.6": "securityerror",
  "5.7.7": "securityerror",
  "5.7.8": "securityerror",
  "5.7.9": "securityerror",
  "5.7.10": "securityerror",
  "5.7.11": "securityerror",
  "5.7.13": "suspend",
  "5.7.14": "securityerror",
  "5.7.15": "securityerror",
  "5.7.16": "mesgtoobig",
  "5.7.17": "hasmoved",
  "5.7.18": "hasmoved",
  "5.7.19": "securityerror",
  "5.7.20": "authfailure",
  "5.7.21": "authfailure",
  "5.7.22": "authfailure",
  "5.7.23": "authfailure",
  "5.7.24": "authfailure",
  "5.7.25": "requireptr",
  "5.7.26": "authfailure",
  "5.7.27": "notaccept",
  "5.7.28": "spamdetected",
  "5.7.29": "authfailure",
  "5.7.30": "failedstarttls",
};

/** The reason an enhanced status code states by itself, or undefined. */
export function reasonFromStatus(code: string): BounceReason | undefined {
  return REASON_BY_STATUS[code];
}

/** Sisimai's internal codes (x.0.9xx) per reason, used when no code was reported at all. */
const INTERNAL_DETAIL: Partial<Record<BounceReason, number>> = {
  authfailure: 926,
  badreputation: 975,
  blocked: 971,
  contenterror: 960,
  exceedlimit: 923,
  expired: 947,
  failedstarttls: 976,
  filtered: 910,
  hasmoved: 916,
  hostunknown: 912,
  mailboxfull: 922,
  mailererror: 939,
  mesgtoobig: 934,
  networkerror: 944,
  norelaying: 909,
  notaccept: 932,
  notcompliantrfc: 974,
  onhold: 901,
  policyviolation: 972,
  rejected: 918,
  requireptr: 973,
  securityerror: 970,
  spamdetected: 980,
  speeding: 946,
  suppressed: 903,
  suspend: 921,
  systemerror: 930,
  systemfull: 931,
  syntaxerror: 902,
  toomanyconn: 945,
  userunknown: 911,
  undefined: 900,
  virusdetected: 981,
};

/** An internal x.0.9xx code for a reason; "" for reasons that carry none (delivered, vacation, feedback). */
export function internalCode(reason: BounceReason, transient: boolean): string {
  const detail = INTERNAL_DETAIL[reason];
  if (detail === undefined) return "";
  return `${transient ? 4 : 5}.0.${detail}`;
}

/**
 * Chooses between the Status field, the enhanced code found in the reply text and the reply code
 * (Sisimai smtp/status/prefer.go): the one whose class agrees with the reply code, else the more
 * specific one, since x.0.0 and a few ambiguous codes say less than the text does.
 */
export function preferStatus(field: string, inText: string, replyCode: string): string {
  if (field === "") return inText;
  if (inText === "") return field;
  const reply = replyCode === "" ? "0" : replyCode;
  if (field[0] !== inText[0]) {
    if (reply[0] === field[0]) return field;
    if (reply[0] === inText[0]) return inText;
  }
  if (field === inText) return field;
  if (field.includes(".0.0")) return inText.includes(".0.0") ? field : inText;
  if (field.includes(".0") && !inText.includes(".0")) return inText;
  if (inText.includes(".0.0")) return field;
  if (field === "4.4.7" || field === "4.7.0" || field.startsWith("5.3.")) return inText;
  if (/^\d\.5\.[1245]$/.test(field)) return inText;
  if (field === "5.1.1") return inText.includes(".0") || inText.startsWith("5.5.") ? field : inText;
  if (field === "5.1.3" && inText.startsWith("5.7.")) return inText;
  return field;
}

/** Whether a reply says the failure is temporary: a 4xx code, or the words (Sisimai smtp/failure.IsTemporary). */
export function isTemporaryText(text: string): boolean {
  if (text.trim() === "") return false;
  const code = findEnhancedCode(text) || findReplyCode(text);
  if (code.startsWith("4")) return true;
  const lower = text.toLowerCase();
  return lower.includes(" temporar") || lower.includes(" persistent");
}
