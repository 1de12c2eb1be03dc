/**
 * Providers whose postmaster pages document their replies or codes (Sisimai rhost/for-apple.go,
 * for-cloudflare.go, for-cox.go, for-iua.go, for-kddi.go, for-outlook.go, for-tencent.go,
 * for-zoho.go; each table cites the provider's page). Host suffixes are Sisimai's RhostClass (Zoho's:
 * the MX names its documented replies quote).
 */
import { type BounceReason } from "../types.ts";
import { firstPhraseMatch, type RemoteHost } from "./types.ts";

/** Apple iCloud Mail: https://support.apple.com/en-us/102322 */
const APPLE: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: ["s dmarc policy", "blocked for failing both spf and dkim autentication checks"],
  blocked: [
    "rejected due to having a domain present in the spamhaus",
    "rejected due to listing in spamhaus",
    "blocked - see https://support.proofpoint.com/dnsbl-lookup",
    "not accepting connections",
  ],
  hasmoved: ["recipient no longer on server"],
  mailboxfull: ["user is over quota"],
  norelaying: ["relay access denied"],
  notaccept: ["host/domain does not accept mail"],
  policyviolation: ["due to local policy"],
  rejected: ["sender address rejected"],
  speeding: ["due to excessive volume"],
  userunknown: ["inactive email address", "user does not exist", "unknown or illegal alias"],
};

export const apple: RemoteHost = {
  name: "Apple",
  hosts: [".mail.icloud.com", ".apple.com", ".me.com"],
  reasonFor: ({ diagnostic }) => firstPhraseMatch(diagnostic.toLowerCase(), APPLE),
};

/** Cloudflare Email Routing: https://developers.cloudflare.com/email-routing/postmaster/ (case as written). */
export const cloudflare: RemoteHost = {
  name: "Cloudflare",
  hosts: [".mx.cloudflare.net"],
  reasonFor({ diagnostic }) {
    if (diagnostic.includes("found on one or more DNSBLs")) return "blocked";
    if (diagnostic.includes("Upstream error")) return "systemerror";
    return "";
  },
};

/** Cox "AUP#CODE" replies: https://www.cox.com/residential/support/cox-postmaster-email-administration.html */
const COX_CODES: Record<string, BounceReason> = {
  CXBL: "blocked",
  CXDNS: "requireptr",
  CXSNDR: "authfailure",
  CXSMTP: "rejected",
  CXCNCT: "toomanyconn",
  CXMXRT: "toomanyconn",
  CDRBL: "blocked",
  CXTHRT: "securityerror",
  CXMJ: "securityerror",
  IPBL0001: "blocked",
  IPBL0010: "blocked",
  IPBL0100: "blocked",
  IPBL0011: "blocked",
  IPBL0101: "blocked",
  IPBL0110: "blocked",
  IPBL0111: "blocked",
  IPBL1000: "blocked",
  IPBL1001: "blocked",
  IPBL1010: "blocked",
  IPBL1011: "blocked",
  IPBL1100: "blocked",
  IPBL1101: "blocked",
  IPBL1110: "blocked",
  IPBL1111: "blocked",
  IPBL00001: "blocked",
  URLBL011: "spamdetected",
  URLBL101: "spamdetected",
  URLBL110: "spamdetected",
  URLBL1001: "spamdetected",
};
const COX: Partial<Record<BounceReason, readonly string[]>> = {
  blocked: ["cox too many bad commands from", "too many invalid recipients"],
  requireptr: ["dns check failure - try again later", "rejected - no rdns"],
  policyviolation: ["esmtp no data before greeting", "attachment extension is forbidden"],
  rejected: ["sender rejected"],
  systemerror: ["esmtp server temporarily not available"],
  toomanyconn: ["too many sessions from", "requested action aborted: try again later", "message threshold exceeded"],
  userunknown: ["recipient rejected"],
};

export const cox: RemoteHost = {
  name: "Cox",
  hosts: ["cox.net"],
  reasonFor({ diagnostic }) {
    const code = /AUP#(\S+)/.exec(diagnostic)?.[1] ?? "";
    return COX_CODES[code] ?? firstPhraseMatch(diagnostic.toLowerCase(), COX);
  },
};

/** i.ua: each reply links https://mail.i.ua/err/<code>/ */
const IUA_CODES: Record<string, BounceReason> = {
  "1": "norelaying",
  "2": "userunknown",
  "3": "suspend",
  "4": "mailboxfull",
  "5": "toomanyconn",
  "6": "norelaying",
  "7": "blocked",
  "8": "rejected",
  "9": "blocked",
  "10": "filtered",
};

export const iua: RemoteHost = {
  name: "IUA",
  hosts: [".email.ua"],
  reasonFor: ({ diagnostic }) => IUA_CODES[/\.i\.ua\/err\/(\d+)\//.exec(diagnostic.toLowerCase())?.[1] ?? ""] ?? "",
};

/**
 * KDDI (au, ezweb): https://www.au.com/support/service/internet/trouble/mail/01/ — "550 : User unknown"
 * (no address) is its reception filter, "550 <addr>: User unknown" a missing mailbox.
 */
export const kddi: RemoteHost = {
  name: "KDDI",
  hosts: [".ezweb.ne.jp", "msmx.au.com"],
  reasonFor({ diagnostic }) {
    const text = diagnostic.toLowerCase();
    if (text.includes("550 : user unknown")) return "filtered";
    if (text.includes(">: user unknown")) return "userunknown";
    return "";
  },
};

/** Outlook.com (Hotmail): https://technet.microsoft.com/en-us/library/bb232118 (case as written). */
export const outlook: RemoteHost = {
  name: "Outlook",
  hosts: [".hotmail.com"],
  reasonFor({ diagnostic }) {
    if (diagnostic.includes("The mail could not be delivered to the recipient because the domain is not reachable")) return "hostunknown";
    if (diagnostic.includes("Requested action not taken: mailbox unavailable")) return "userunknown";
    return "";
  },
};

/** Tencent QQ Mail: https://service.mail.qq.com/detail/122 */
const TENCENT: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: ["spf check failed", "dmarc check failed"],
  blocked: ["suspected bounce attacks", "suspected spam ip", "connection denied"],
  mesgtoobig: ["message too large"],
  rejected: ["suspected spam", "mail is rejected by recipients"],
  spamdetected: ["spam is embedded in the email", "mail content denied"],
  speeding: ["mailbox unavailable or access denined", "frequency of receiving messages is limited"],
  suspend: ["is a deactivated mailbox"],
  syntaxerror: ["bad address syntax"],
  toomanyconn: ["ip frequency limited", "domain frequency limited", "sender frequency limited", "connection frequency limited"],
  userunknown: ["mailbox not found"],
};

export const tencent: RemoteHost = {
  name: "Tencent",
  hosts: [".qq.com"],
  // "suspected spam ip" must be read before "suspected spam": the longer phrase is the block.
  reasonFor: ({ diagnostic }) => firstPhraseMatch(diagnostic.toLowerCase(), TENCENT),
};

/** Zoho Mail: https://www.zoho.com/mail/help/spam-reason.html (case as written). */
const ZOHO: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: ["Email rejected per DMARC policy"],
  blocked: ["Greylisted, try again after some time"],
  rejected: ["Email cannot be delivered. Reason: Email flagged as Spam", "Mail rejected by destination domain"],
  policyviolation: ["Email policy violation detected", "Mailbox delivery restricted by policy error"],
  systemerror: ["Temporary System Error"],
  userunknown: ["User does not exist"],
  virusdetected: [" detected by Zoho Mail"],
};

export const zohoMail: RemoteHost = {
  name: "Zoho",
  // The MX names the documented replies come from (mx.zoho.com, smtpin.zoho.com).
  hosts: [".zoho.com"],
  reasonFor({ diagnostic }) {
    for (const [reason, phrases] of Object.entries(ZOHO) as [BounceReason, readonly string[]][]) {
      if (phrases.some((p) => diagnostic.includes(p))) return reason;
    }
    return "";
  },
};
