/** One entry point for a reply or a recipient's DSN fields: reason, category, class, codes. */
import { categoryFor, severityOf } from "./category.ts";
import { findReason } from "./reason.ts";
import { findEnhancedCode, findReplyCode, internalCode, isEnhancedCode, isTemporaryText, preferStatus } from "./status.ts";
import { type BounceClass, type Classification, type DeliveryFact } from "./types.ts";

/**
 * How MTAs name the command a reply answered: Postfix "(in reply to RCPT TO command)", Exim "after RCPT
 * TO:", qmail "most progress was RCPT TO response", Sendmail transcripts ">>> RCPT To:", DragonFly "did
 * not like our RCPT TO", Yahoo "[RCPT_TO]", X3 "SMTP:RCPT".
 */
const COMMAND_RE =
  /(?:\b(?:after|in reply to|while sending|reply to|did not like our|progress was)\s+(?:the\s+)?(?:final\s+)?|>>> |\[|SMTP:)(RCPT|MAIL|DATA|EHLO|HELO|STARTTLS|AUTH|end of data|CONN)/i;

/** The SMTP command a reply text says it answered, upper-case, or "". */
export function commandFromText(text: string): string {
  const m = COMMAND_RE.exec(text);
  if (!m?.[1]) return "";
  const c = m[1].toUpperCase();
  return c === "END OF DATA" ? "DATA" : c;
}

/** Classifies one recipient's facts; missing codes are taken from the text, then derived from the reason. */
/**
 * Multi-line replies repeat the codes on every line ("550-5.2.1 The user … at a rate that 550-5.2.1
 * prevents …"); the repeats are removed and the codes put once in front, so phrases that span lines
 * match (Sisimai fact/rise.go does the same).
 */
function joinContinuations(text: string, replyCode: string, status: string): string {
  if (replyCode === "" || !text.includes(`${replyCode}-`)) return text;
  let out = text;
  for (const sep of ["-", " "]) {
    if (status !== "") out = out.replaceAll(`${replyCode}${sep}${status}`, "");
    out = out.replaceAll(`${replyCode}${sep}`, "");
  }
  return `${replyCode} ${status} ${out}`.replace(/\s+/g, " ").trim();
}

/** RFC 3464 §2.3.3: the Action values that say the message did not reach the recipient. */
const UNDELIVERED_ACTIONS: ReadonlySet<string> = new Set(["failed", "delayed"]);

/**
 * A recipient whose Action is failed or delayed was not delivered, whatever success code its reply
 * quotes ("250 2.0.0 queued, then 451 4.3.0 …"): a 2.x.x code from the text never replaces the
 * Status field's class, and without a field it is dropped rather than read as delivered.
 */
function notDeliveredStatus(chosen: string, field: string, action: string): string {
  if (!chosen.startsWith("2.") || !UNDELIVERED_ACTIONS.has(action)) return chosen;
  return field.startsWith("2.") ? "" : field;
}

export function classifyFact(input: Partial<DeliveryFact> & { diagnostic: string }): Classification {
  const raw = input.diagnostic.replace(/\s+/g, " ").trim();
  const inText = findEnhancedCode(raw);
  const replyCode = input.replyCode || findReplyCode(raw, inText.charAt(0));
  const diagnostic = joinContinuations(raw, replyCode, inText);
  const field = input.status && isEnhancedCode(input.status) ? input.status : "";
  const action = (input.action ?? "").toLowerCase();
  const status = notDeliveredStatus(preferStatus(field, findEnhancedCode(diagnostic), replyCode), field, action);
  const fact: DeliveryFact = {
    status,
    replyCode,
    diagnostic,
    diagnosticType: input.diagnosticType ?? "",
    command: input.command || commandFromText(diagnostic),
    action,
    reason: input.reason,
    destination: input.destination,
    remoteHost: input.remoteHost,
    localHost: input.localHost,
  };
  const reason = findReason(fact);
  // Without a status code the class comes from the reply's own words (Sisimai fact/rise.go: a pseudo
  // status is permanent unless the reply says it is temporary).
  const transient = status !== "" ? status.startsWith("4.") : isTemporaryText(`${replyCode} ${diagnostic}`);
  const enhancedCode = status !== "" ? status : internalCode(reason, transient);
  let cls: BounceClass = transient ? "transient" : "permanent";
  if (reason === "delivered" || enhancedCode.startsWith("2.")) cls = "delivered";
  const category = categoryFor(reason, diagnostic.toLowerCase(), cls === "transient");
  return { category, reason, class: cls, severity: severityOf(category), replyCode, enhancedCode, diagnostic };
}

/** Classifies one SMTP reply, e.g. `classifyReply("550 5.1.1 <x@y>: user unknown")`. */
export function classifyReply(reply: string, opts: { command?: string } = {}): Classification {
  return classifyFact({ diagnostic: reply, diagnosticType: "SMTP", command: opts.command ?? "" });
}
