/**
 * Chooses the second-level reason for one recipient from its status code, reply code, SMTP command and
 * reply text. The order of the checks follows Sisimai's (reason/find.go) so that the same evidence gives
 * the same reason: the first list is tried against code + text, the second against text only when the
 * code is vague, and the code's own meaning is the fallback.
 */
import { reasonFromLocalAgent } from "./lda.ts";
import { textMatches } from "./phrases.ts";
import { reasonFromRemoteHost } from "./rhost/index.ts";
import { isInternalCode, reasonFromStatus } from "./status.ts";
import { type BounceReason, type DeliveryFact } from "./types.ts";

/** Checked first, in this order, with code and text together. */
const FIRST_PASS: readonly BounceReason[] = [
  "mailboxfull",
  "mesgtoobig",
  "exceedlimit",
  "suspend",
  "hasmoved",
  "norelaying",
  "authfailure",
  "userunknown",
  "filtered",
  "requireptr",
  "notcompliantrfc",
  "badreputation",
  "contenterror",
  "rejected",
  "hostunknown",
  "spamdetected",
  "speeding",
  "toomanyconn",
  "blocked",
];
/** Checked against the text when the first pass found nothing and the code is vague. */
const SECOND_PASS: readonly BounceReason[] = [
  "mailboxfull",
  "authfailure",
  "badreputation",
  "speeding",
  "spamdetected",
  "virusdetected",
  "policyviolation",
  "norelaying",
  "systemerror",
  "networkerror",
  "suspend",
  "contenterror",
  "systemfull",
  "notaccept",
  "expired",
  "failedstarttls",
  "securityerror",
  "suppressed",
  "mailererror",
];
/** Reasons too vague to stop at: a text match may still say something more precise. */
const VAGUE: ReadonlySet<string> = new Set([
  "undefined",
  "onhold",
  "systemerror",
  "securityerror",
  "expired",
  "networkerror",
  "hostunknown",
  "userunknown",
]);
/** Commands sent before DATA: a rejection there cannot be about the message content (RFC 5321 §3.3). */
const BEFORE_DATA: ReadonlySet<string> = new Set(["CONN", "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT"]);

interface Probe {
  fact: DeliveryFact;
  text: string;
  byCode: BounceReason | undefined;
}

function probe(reason: BounceReason, p: Probe): boolean {
  const { fact, text, byCode } = p;
  const has = (r: BounceReason) => textMatches(r, text);
  // A reason a format rule already chose is confirmed when its turn comes (Sisimai why-*.go ProbesInto).
  if (fact.reason === reason) return true;
  switch (reason) {
    case "mesgtoobig":
      if (byCode === "mesgtoobig") return true;
      if (byCode === "exceedlimit" || fact.status === "5.2.3") return false;
      return has("mesgtoobig");
    case "suspend":
      return fact.replyCode === "525" || has("suspend");
    case "hasmoved":
    case "notcompliantrfc":
    case "badreputation":
    case "speeding":
      return has(reason);
    case "norelaying":
      return !["CONN", "EHLO", "HELO"].includes(fact.command) && has("norelaying");
    case "userunknown":
      if (byCode === "userunknown") {
        // A 5.1.1 whose text says relaying, blocking, quota or sender trouble is that instead.
        return !(["norelaying", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept"] as const).some(has);
      }
      // An unknown command counts as RCPT: text-only bounces rarely name it, and user lookups happen there.
      return fact.command === "RCPT" && has("userunknown");
    case "filtered":
      if (byCode === "filtered") return has("userunknown") || has("filtered");
      if (BEFORE_DATA.has(fact.command)) return false;
      return has("filtered") || has("userunknown");
    case "contenterror":
      if (probe("spamdetected", p)) return false;
      return byCode === "contenterror" || has("contenterror");
    case "rejected": {
      if (byCode === "rejected") return true;
      const vague = byCode ?? "undefined";
      if (fact.command === "MAIL") return has("rejected");
      if (fact.command === "DATA" && vague !== "userunknown") return has("rejected");
      if (vague === "undefined" || vague === "onhold" || vague === "securityerror" || vague === "systemerror") return has("rejected");
      return false;
    }
    case "hostunknown":
      if (byCode === "hostunknown") return !has("networkerror");
      return has("hostunknown");
    case "spamdetected":
      if (fact.status === "") return false;
      if (byCode === "spamdetected") return true;
      if (BEFORE_DATA.has(fact.command)) return false;
      return has("spamdetected");
    default:
      return byCode === reason || has(reason);
  }
}

/** The reason for one recipient (Sisimai vocabulary). */
export function findReason(fact: DeliveryFact): BounceReason {
  if (fact.reason && !VAGUE.has(fact.reason)) return fact.reason;
  if (fact.status.startsWith("2.")) return "delivered";
  // A local delivery agent's words, then a provider's own documentation, outrank the generic phrase
  // lists (Sisimai fact/rise.go: lda, rhost, reason).
  const byAgent = reasonFromLocalAgent(fact.diagnostic, fact.command.toUpperCase());
  if (byAgent !== "") return byAgent;
  if (fact.destination || fact.remoteHost || fact.localHost) {
    const where = { destination: fact.destination ?? "", remoteHost: fact.remoteHost ?? "", localHost: fact.localHost ?? "" };
    const byHost = reasonFromRemoteHost(where, {
      status: fact.status,
      replyCode: fact.replyCode,
      diagnostic: fact.diagnostic,
      command: fact.command.toUpperCase(),
    });
    if (byHost !== "" && byHost !== "undefined" && byHost !== "onhold") return byHost;
  }
  const text = fact.diagnostic.toLowerCase();
  const p: Probe = { fact: { ...fact, command: fact.command.toUpperCase() }, text, byCode: reasonFromStatus(fact.status) };

  if (fact.diagnosticType === "" || fact.diagnosticType.toUpperCase() === "SMTP") {
    for (const r of FIRST_PASS) if (probe(r, p)) return r;
  }
  const other = fallbackReason(p);
  if (other !== "") return other;
  if (fact.action === "delayed") return "expired";
  if (textMatches("vacation", text)) return "vacation";
  return text !== "" ? "onhold" : "undefined";
}

function fallbackReason(p: Probe): BounceReason | "" {
  const { fact, text } = p;
  if (fact.reason && fact.reason !== "undefined" && fact.reason !== "onhold") return fact.reason;
  const byCode = isInternalCode(fact.status) ? undefined : p.byCode;
  // A precise code decides with an SMTP diagnostic; a vague or absent one leaves it to the text. A
  // diagnostic without a type counts as SMTP (Sisimai fact/rise.go gives an empty Spec "SMTP").
  const isSmtp = fact.diagnosticType === "" || fact.diagnosticType.toUpperCase() === "SMTP";
  if (byCode !== undefined && !VAGUE.has(byCode) && isSmtp) return byCode;
  for (const r of SECOND_PASS) if (textMatches(r, text)) return r;
  if (byCode !== undefined) return byCode;
  const subject = fact.status.slice(0, 3);
  if (subject === "5.6" || subject === "4.6") return "contenterror";
  if (subject === "5.7" || subject === "4.7") return "securityerror";
  if (fact.diagnosticType.toUpperCase().startsWith("X-UNIX")) return "mailererror";
  const reply = Number(fact.replyCode);
  if ((reply > 400 && reply < 408) || (reply > 500 && reply < 508)) return "syntaxerror";
  if (fact.action === "delayed" || fact.action === "expired") return "expired";
  // Refused at the greeting or at HELO, with nothing more specific said: the client itself was refused.
  if (fact.command === "EHLO" || fact.command === "HELO" || fact.command === "CONN") return "blocked";
  return "";
}
