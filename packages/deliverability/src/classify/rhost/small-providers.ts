/**
 * Providers with a handful of documented replies each (Sisimai rhost/for-aol.go, for-spectrum.go,
 * for-nttdocomo.go, for-microsoft.go).
 */
import { type BounceReason } from "../types.ts";
import { firstPhraseMatch, type RemoteHost } from "./types.ts";

export const aol: RemoteHost = {
  name: "Aol",
  hosts: [".mail.aol.com", ".mx.aol.com"],
  reasonFor({ diagnostic }) {
    if (diagnostic.includes("Host or domain name not found")) return "hostunknown";
    if (diagnostic.includes("type=MX: Malformed or unexpected name server reply")) return "notaccept";
    return "";
  },
};

/** Spectrum/Charter "AUP#In-nnnn" codes: https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes */
const SPECTRUM_CODES: readonly (readonly [number, number, BounceReason])[] = [
  [1000, 1000, "blocked"],
  [1010, 1010, "rejected"],
  [1020, 1080, "rejected"],
  [1090, 1090, "systemerror"],
  [1100, 1150, "requireptr"],
  [1160, 1190, "policyviolation"],
  [1200, 1210, "blocked"],
  [1220, 1250, "blocked"],
  [1260, 1260, "networkerror"],
  [1300, 1340, "toomanyconn"],
  [1350, 1490, "speeding"],
  [1500, 1500, "rejected"],
  [1520, 1520, "rejected"],
  [1530, 1530, "mesgtoobig"],
  [1540, 1540, "speeding"],
  [1550, 1550, "speeding"],
  [1560, 1560, "policyviolation"],
  [1580, 1580, "speeding"],
];

export const spectrum: RemoteHost = {
  name: "Spectrum",
  hosts: ["charter.net"],
  reasonFor({ diagnostic }) {
    const at = diagnostic.indexOf("AUP#");
    if (at < 0) return "";
    const code = Number(/\d{4}/.exec(diagnostic.slice(at + 4))?.[0] ?? "NaN");
    return SPECTRUM_CODES.find(([lo, hi]) => code >= lo && code <= hi)?.[2] ?? "";
  },
};

/**
 * NTT DOCOMO answers "550 Unknown user" both for missing mailboxes (at RCPT) and for its reception
 * filters (after DATA); the status code or the command tells them apart. Sisimai changed this in
 * March 2025 (go-sisimai issue #64) to call every "550 Unknown user" userunknown; this follows the
 * rule the published expectations were written with.
 */
export const nttDocomo: RemoteHost = {
  name: "NTTDOCOMO",
  hosts: ["mfsmax.docomo.ne.jp"],
  reasonFor({ status, diagnostic, command }) {
    if (status === "5.1.1" || status === "5.0.911") return "userunknown";
    if (status === "5.2.0") return "filtered";
    const text = diagnostic.toLowerCase();
    const byText = firstPhraseMatch(text, {
      mailboxfull: ["552 too much mail data"],
      syntaxerror: ["503 bad sequence of commands", "504 command parameter not implemented"],
      toomanyconn: ["552 too many recipients"],
    });
    if (byText !== "") return byText;
    if (status === "5.0.0" && text.includes("550 unknown user")) return command === "RCPT" ? "userunknown" : "rejected";
    return "";
  },
};

/**
 * Exchange Online / Outlook.com NDR codes. https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online
 */
const MICROSOFT_MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: [
    "must pass either spf or dkim validation, this message is not signed",
    "sender policy framework violation",
    "does not pass dmarc verification",
    "doesn't meet the required authentication level",
  ],
  badreputation: ["has been temporarily rate limited due to ip reputation"],
  blocked: [
    "access denied, please try again later",
    "must have a reverse dns record",
    "access denied, bad helo",
    "access denied, rejected by recipient",
    "does not accept email over ipv6",
    "access denied, banned sender",
    "using customer block list",
    "access denied, banned sending ip ",
    "part of their network is on our block list (s3150)",
  ],
  contenterror: ["too many related errors", "invalid characters", "agent generated message depth exceeded", "invalid message content"],
  expired: ["queue expired; message expired", "message expired"],
  failedstarttls: [
    " failed mta-sts validation",
    "starttls is required to send mail",
    "starttls-not-supported:",
    "certificate-expired:",
    "tlsa-invalid:",
    "dnssec-invalid:",
    "certificate-host-mismatch:",
  ],
  mailboxfull: ["mailbox full"],
  mesgtoobig: ["message too large for this recipient", "message size exceeds fixed maximum message size", "message too big for system"],
  networkerror: [
    "smtpsend.dns.nonexistentdomain; nonexistent domain",
    "hop count exceeded - possible mail loop",
    "dns query failed",
    "routing loop detected",
  ],
  norelaying: ["unable to relay", "client was not authenticated", "relay access denied"],
  notaccept: ["system not accepting network messages", "hosted tenant which has no mail-enabled subscriptions"],
  rejected: [
    "unknown sender address",
    "sender denied",
    "access denied, bad outbound sender",
    "delivery not authorized",
    "sender not in allowed-senders list",
    "sender was not authenticated",
    "access denied, spam abuse detected",
  ],
  userunknown: ["resolver.adr.recipientnotfound", "resolver.adr.recipnotfound", "recipient not found by smtp address lookup"],
};

export const microsoft: RemoteHost = {
  name: "Microsoft",
  hosts: [".prod.outlook.com", ".protection.outlook.com", ".onmicrosoft.com", ".exchangelabs.com"],
  reasonFor({ status, diagnostic }) {
    if (status === "") return "";
    return firstPhraseMatch(diagnostic.toLowerCase(), MICROSOFT_MESSAGES);
  },
};

/** Google Workspace (reported by googlemail.com): https://workspace.google.com/ (Sisimai rhost/for-gsuite.go). */
export const gSuite: RemoteHost = {
  name: "GSuite",
  hosts: ["googlemail.com"],
  reasonFor({ status, replyCode, diagnostic }) {
    const statusClass = status.charAt(0);
    const replyClass = replyCode.charAt(0);
    if (diagnostic.includes("because the address couldn't be found. Check for typos or unnecessary spaces and try again."))
      return "userunknown";
    if (diagnostic.includes("Null MX")) return "notaccept";
    const nxdomain = [" responded with code NXDOMAIN", "Domain name not found"].some((p) => diagnostic.includes(p));
    // NXDOMAIN answered permanently means no such domain; answered temporarily, a DNS failure.
    if (nxdomain && statusClass === "5" && replyClass === "5") return "hostunknown";
    if ((nxdomain || diagnostic.includes(" had no relevant answers.")) && statusClass !== "5" && replyClass !== "5") return "networkerror";
    return "";
  },
};
