/**
 * Bounce and DSN mail → one classified result per recipient. Handles RFC 3464 multipart/report (and
 * DSN fields pasted inline), the human-readable formats without fields (qmail, Exim, DragonFly, …),
 * Amazon SES JSON notifications and RFC 3834 auto-replies. The MIME work is mailparser's.
 */
import { type AddressObject, simpleParser } from "mailparser";

import { classifyFact, commandFromText } from "./classify-reply.ts";
import { type DsnFields, parseDsnFields } from "./dsn-fields.ts";
import { type BounceMail, type Draft, emptyDraft, type Lhost, LHOSTS } from "./lhost/index.ts";
import { humanPart, recipientsFromText } from "./dsn-text.ts";
import { recipientsFromSesJson } from "./dsn-ses.ts";
import { findCommand } from "./smtp-command.ts";
import { type Classification, type DeliveryFact } from "./types.ts";

/** Bounce mail beyond this is not a bounce we can read, and parsing it costs memory (RFC 3464 DSNs are small). */
export const DSN_MAX_BYTES = 10 * 1024 * 1024;

export interface BounceRecipient extends Classification {
  address: string;
  originalRecipient: string;
  action: string;
  remoteMta: string;
  command: string;
}

export interface BounceReport {
  /** False for mail that reports no failed or delayed delivery (auto-replies report a `vacation`). */
  isBounce: boolean;
  format: "rfc3464" | "text" | "ses-json" | "auto-reply" | "none";
  reportingMta: string;
  recipients: BounceRecipient[];
  /**
   * The bounced message's sender (lowercased address from its From, else Sender or Return-Path header),
   * when the DSN returned its headers (RFC 3464 §2: message/rfc822 or text/rfc822-headers part).
   */
  originalSender?: string;
}

/** Headers read from a returned message: its header block is a few KiB; the body is not needed. */
const RETURNED_HEADER_MAX_CHARS = 64 * 1024;

/**
 * The line after which bounce formats without a message/rfc822 part quote the returned message (Exim
 * "------ This is a copy of the message, including all the headers. ------", Gmail "----- Original
 * message -----", GMX "--- The header of the original message is following. ---", qmail "--- Below this
 * line is a copy of the message.", Sendmail "----- Original message follows -----"…).
 */
const INLINE_RETURNED_MARKER_RE =
  /^[ \t]*[-=_*]{2,}[^\n]*(?:copy of (?:the|your) message|original message|message follows|header of the original message|undelivered message|returned message)[^\n]*\n/im;

/** The text quoted after an inline "original message" marker, leading blank lines dropped; "" without one. */
export function inlineReturned(text: string): string {
  const marker = INLINE_RETURNED_MARKER_RE.exec(text);
  return marker ? text.slice(marker.index + marker[0].length).replace(/^(?:[ \t]*\r?\n)+/, "") : "";
}

/** The sender of the returned message, from its header block; "" when none is there. */
export function returnedSender(returned: string): string {
  const head = returned.slice(0, RETURNED_HEADER_MAX_CHARS);
  const end = head.search(/\r?\n\r?\n/);
  const block = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  for (const name of ["from", "sender", "return-path"]) {
    const value = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(block)?.[1] ?? "";
    // "Name <a@b>" → a@b; a bare address otherwise. Return-Path <> (a bounce of a bounce) has none.
    const address = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1] ?? /(?:^|\s)([^\s<>"(),;:]+@[^\s<>"(),;:]+)/.exec(value)?.[1];
    if (address) return address.toLowerCase();
  }
  return "";
}

function addresses(obj: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  return list.flatMap((o) => o.value.map((v) => (v.address ?? "").toLowerCase())).filter((a) => a !== "");
}

/** A host name in a reply ("host mx.example.org[192.0.2.1] said:", "… by mx.example.org"), or "". */
function hostInText(text: string): string {
  const m = /\b((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})\b/i.exec(text.replace(/\S+@\S+/g, " "));
  return m?.[1] ?? "";
}

interface Where {
  originalRecipient?: string;
  remoteMta?: string;
  reportingMta?: string;
  /** Hosts named in the bounce's own Received headers, newest first. */
  received?: readonly string[];
}

function toRecipient(address: string, fact: Partial<DeliveryFact> & { diagnostic: string }, extra: Where): BounceRecipient {
  const command = fact.command || commandFromText(fact.diagnostic);
  const remoteHost =
    extra.remoteMta || hostInText(fact.diagnostic) || [...(extra.received ?? [])].reverse().find((h) => h.includes(".")) || "";
  const destination = address.slice(address.lastIndexOf("@") + 1);
  const c = classifyFact({ ...fact, command, destination, remoteHost, localHost: extra.reportingMta ?? "" });
  return {
    ...c,
    address,
    originalRecipient: extra.originalRecipient ?? "",
    action: fact.action ?? "",
    remoteMta: extra.remoteMta ?? "",
    command,
  };
}

/** The "from" host of each Received header of the bounce itself (RFC 5321 §4.4), in header order. */
function receivedHosts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => /^\s*from\s+([a-z0-9.-]+\.[a-z]{2,})\b/i.exec(typeof v === "string" ? v : "")?.[1] ?? "").filter((h) => h !== "");
}

/** The bytes after the header block (RFC 5322 §2.1), as text. */
function rawBody(input: Buffer): string {
  const crlf = input.indexOf("\r\n\r\n");
  const lf = input.indexOf("\n\n");
  const at = lf >= 0 && (crlf < 0 || lf < crlf) ? lf + 2 : crlf >= 0 ? crlf + 4 : input.length;
  return input.subarray(at).toString("utf8");
}

/** Whether the mail comes from a mail system account rather than a person. */
function isFromMailSystem(from: string): boolean {
  return /mailer-daemon|postmaster|post_master/i.test(from);
}

/** Whether the headers mark an automatic reply rather than a delivery report (RFC 3834 §5). */
function isAutoReply(headers: Map<string, unknown>, subject: string): boolean {
  const value = headers.get("auto-submitted");
  const auto = (typeof value === "string" ? value : "").toLowerCase();
  if (auto.startsWith("auto-replied")) return true;
  return /^(?:auto(?:matic)? ?reply|out of (?:the )?office|autoreply|auto:|abwesenheit|vacation)/i.test(subject);
}

function headerText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(headerText).join("\n");
  if (value && typeof value === "object" && "text" in value && typeof value.text === "string") return value.text;
  return "";
}

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * The Diagnostic-Code, or the human-readable explanation when that quotes it and says more (Postfix
 * adds "(in reply to MAIL FROM command)", Exim the host and the command): Sisimai's lhosts prefer the
 * longer text when it contains the shorter one.
 */
function fuller(diagnostic: string, explanation: string): string {
  if (diagnostic === "") return explanation;
  const d = squeeze(diagnostic);
  const e = squeeze(explanation);
  return e.length > d.length && e.toLowerCase().includes(d.toLowerCase()) ? e : diagnostic;
}

/** The lead alone when it already says all of the diagnostic, else the lead followed by it. */
function withLead(diagnostic: string, lead: string): string {
  const d = squeeze(diagnostic);
  return lead.toLowerCase().includes(d.toLowerCase()) ? lead : squeeze(`${lead} ${d}`);
}

/** Lines of the human part that are MIME or banner noise, not an explanation (Sisimai rfc3464 "dontappend"). */
const LEAD_NOISE_RE =
  /^(?:Content-|This is a MIME|This is a multi|This is an auto|This multi-part|###|\*\*\*|--)|--- The follow|--- Transcript/;

/** The human part as one line without MIME noise: what Sisimai's RFC 3464 reader calls the lead. */
function leadText(human: string): string {
  return squeeze(
    human
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "" && !LEAD_NOISE_RE.test(l))
      .join(" "),
  );
}

/**
 * Recipients from RFC 3464 fields, each with the human-readable explanation when it says more. A
 * report from no known generator about one recipient reads the whole human part with its diagnostic
 * (Sisimai rfc3464/lib.go): the notice often states the reason the Diagnostic-Code only summarises.
 */
function draftsFromFields(fields: DsnFields, human: string, exclude: ReadonlySet<string>, isGeneric: boolean): Draft[] {
  const lead = isGeneric && fields.recipients.length === 1 ? leadText(human) : "";
  const explained = recipientsFromText(human, exclude);
  return fields.recipients.map((f) => {
    const address = f.finalRecipient || f.originalRecipient;
    const explanation =
      explained.find((e) => e.address === address || e.address === f.originalRecipient || e.address === f.actualRecipient)?.explanation ??
      "";
    const prose = lead !== "" ? lead : explanation;
    // A bare command word ("RCPT TO:<…>", ">>> DATA") counts too, as in Sisimai's RFC 3464 reader.
    const command = commandFromText(prose) || commandFromText(f.diagnostic) || findCommand(f.diagnostic) || findCommand(prose);
    return {
      ...emptyDraft(address),
      status: f.status,
      // Sisimai's RFC 3464 reader (rfc3464/lib.go) reads a Status comment as part of the explanation.
      diagnostic: [lead !== "" ? withLead(f.diagnostic, lead) : fuller(f.diagnostic, prose), f.statusComment]
        .filter((t) => t !== "")
        .join(" "),
      diagnosticType: f.diagnosticType,
      action: f.action,
      command,
      remoteMta: f.remoteMta,
      originalRecipient: f.originalRecipient,
      reason: f.vendorReason,
    };
  });
}

/** Recipients named in the prose of a bounce without RFC 3464 fields. */
function draftsFromText(mail: BounceMail, exclude: ReadonlySet<string>): Draft[] {
  let found = recipientsFromText(mail.human, exclude);
  if (found.length === 0) {
    // No address in the notice itself: the returned message's To: names the recipient (Sisimai's
    // lhosts fall back to it the same way).
    const returned = `${mail.text.slice(mail.human.length)}\n${mail.returned}`;
    const to = /^To:[ \t]*(?:.*<)?([^\s<>@"]+@[A-Za-z0-9.-]+[A-Za-z0-9])/im.exec(returned)?.[1]?.toLowerCase();
    if (to && !exclude.has(to)) found = [{ address: to, explanation: mail.human.trim() }];
  }
  // Exim and Google name the failed addresses in X-Failed-Recipients; trust it over addresses in prose.
  const failed = mail
    .header("x-failed-recipients")
    .split(",")
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a.includes("@"));
  if (failed.length > 0) {
    found = failed.map((address) => ({ address, explanation: found.find((f) => f.address === address)?.explanation ?? mail.human.trim() }));
  }
  // Text-only reports say "temporary failure" / "will be retried" where a DSN would say Action: delayed.
  const delayed = /details of temporary failure|has not yet been delivered|retry timeout exceeded/i.test(mail.human);
  // A notice about one recipient often gives the reason before the address ("Could not be delivered
  // because of 550 5.1.1 User unknown. The following recipients were affected: addr"): all of it explains.
  const whole = found.length === 1 && mail.header("x-failed-recipients") === "" ? mail.human.trim() : "";
  return found.map((f) => ({ ...emptyDraft(f.address), diagnostic: whole || f.explanation, action: delayed ? "delayed" : "" }));
}

/** mbox (RFC 4155 §2): each message starts at a line "From <sender> <asctime date>". */
const MBOX_SEPARATOR_RE = /\n(?=From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )/;
const MBOX_START_RE = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) /;
/** Messages read from one mbox input; more is a mailbox dump, not a bounce. */
export const DSN_MAX_MBOX_MESSAGES = 100;

/**
 * Parses one bounce/DSN mail, or each mail of an mbox (as saved by mail clients and `procmail`).
 * Never throws for malformed mail: unreadable input gives `isBounce: false`.
 */
export async function parseBounce(raw: Buffer | string): Promise<BounceReport> {
  const input = typeof raw === "string" ? Buffer.from(raw) : raw;
  if (input.length > DSN_MAX_BYTES) return { isBounce: false, format: "none", reportingMta: "", recipients: [] };
  // Only a file that starts as an mbox is split: a returned message may quote a "From " line itself.
  const text = input.toString("latin1");
  const messages = MBOX_START_RE.test(text) ? text.split(MBOX_SEPARATOR_RE) : [];
  if (messages.length < 2) return parseOne(input);
  const reports: BounceReport[] = [];
  for (const m of messages.slice(0, DSN_MAX_MBOX_MESSAGES)) {
    if (m.trim() !== "") reports.push(await parseOne(Buffer.from(m.replace(/^From [^\n]*\n/, ""), "latin1")));
  }
  const first = reports.find((r) => r.format !== "none") ?? reports[0];
  return {
    isBounce: reports.some((r) => r.isBounce),
    format: first?.format ?? "none",
    reportingMta: first?.reportingMta ?? "",
    recipients: reports.flatMap((r) => r.recipients),
    ...(first?.originalSender ? { originalSender: first.originalSender } : {}),
  };
}

async function parseOne(input: Buffer): Promise<BounceReport> {
  const none: BounceReport = { isBounce: false, format: "none", reportingMta: "", recipients: [] };
  const parsed = await simpleParser(input.subarray(0, DSN_MAX_BYTES), { skipImageLinks: true, skipTextLinks: true });
  // mailparser folds message/delivery-status into `text`; some generators send it as an attachment.
  const parts = [parsed.text ?? ""];
  const returnedParts: string[] = [];
  for (const a of parsed.attachments) {
    if (/delivery-status|^text\/plain$/i.test(a.contentType)) parts.push(a.content.toString("utf8"));
    else if (/^(?:message\/rfc822|text\/rfc822-headers)$/i.test(a.contentType)) returnedParts.push(a.content.toString("utf8"));
  }
  if (!parsed.text && parsed.html) parts.push(parsed.html.replace(/<br\s*\/?>|<\/p>|<\/div>/gi, "\n").replace(/<[^>]+>/g, ""));
  // A multipart whose boundary never occurs (broken generators, edited samples) leaves mailparser with
  // no text; the raw body after the header block is then all there is to read.
  if (parts.every((p) => p.trim() === "")) parts.push(rawBody(input));
  const text = parts.join("\n");
  const exclude = new Set([...addresses(parsed.to), ...addresses(parsed.from)]);
  const received = receivedHosts(parsed.headers.get("received"));
  const subject = parsed.subject ?? "";
  const mail: BounceMail = {
    subject,
    from: headerText(parsed.headers.get("from")),
    messageId: parsed.messageId ?? "",
    header: (name) => headerText(parsed.headers.get(name)),
    text,
    human: humanPart(parsed.text ?? text),
    returned: returnedParts.join("\n"),
  };

  const ses = recipientsFromSesJson(text);
  if (ses.length > 0) {
    return {
      isBounce: ses.some((r) => r.action !== "delivered"),
      format: "ses-json",
      reportingMta: "",
      recipients: ses.map((r) => toRecipient(r.address, r, { remoteMta: r.remoteMta })),
    };
  }

  const generators = LHOSTS.filter((l) => l.detect(mail));
  let format: BounceReport["format"] = "text";
  let drafts: Draft[] | undefined;
  let parsedBy: Lhost | undefined;
  for (const l of generators) {
    drafts = l.parse?.(mail);
    if (drafts) {
      parsedBy = l;
      break;
    }
  }
  const fields = parseDsnFields(text);
  if (drafts) format = "text";
  else if (fields.recipients.length > 0) {
    drafts = draftsFromFields(fields, mail.human, exclude, generators.length === 0);
    format = "rfc3464";
  } else if (isAutoReply(parsed.headers, subject) && !isFromMailSystem(mail.from)) {
    // RFC 3834 §5: "Auto-Submitted: auto-replied" is a reply, not a delivery report.
    drafts = undefined;
  } else {
    const looksLikeBounce =
      /undeliver|delivery (?:status|failure|has failed|failed)|returned mail|failure notice|mail delivery|could not be delivered|non[- ]?delivery|delivery problem|permanent error|was not delivered|nicht zugestellt|unzustellbar/i.test(
        `${subject}\n${mail.human}`,
      ) ||
      /mailer-daemon|postmaster|post_master/i.test(addresses(parsed.from).join(" ")) ||
      parsed.headers.has("auto-submitted");
    if (looksLikeBounce) drafts = draftsFromText(mail, exclude);
  }
  if (drafts && drafts.length > 0) {
    // A format read by its own parser is that generator's alone (Sisimai applies one lhost per mail);
    // otherwise every generator that recognises the mail corrects what the generic reader found.
    for (const l of parsedBy ? [parsedBy] : generators) l.refine?.(mail, drafts);
    const recipients = drafts.map((d) =>
      toRecipient(
        d.address,
        {
          status: d.status,
          diagnostic: d.diagnostic,
          diagnosticType: d.diagnosticType,
          action: d.action,
          command: d.command,
          reason: d.reason,
        },
        { originalRecipient: d.originalRecipient, remoteMta: d.remoteMta, reportingMta: fields.reportingMta, received },
      ),
    );
    const isBounce = format === "text" || recipients.some((r) => r.class !== "delivered");
    const originalSender = returnedSender(mail.returned) || returnedSender(inlineReturned(text));
    return { isBounce, format, reportingMta: fields.reportingMta, recipients, ...(originalSender ? { originalSender } : {}) };
  }

  if (!isFromMailSystem(mail.from) && isAutoReply(parsed.headers, subject)) {
    const from = addresses(parsed.from)[0] ?? "";
    const r = toRecipient(from, { diagnostic: (parsed.text ?? "").slice(0, 500), reason: "vacation" }, {});
    return { isBounce: false, format: "auto-reply", reportingMta: "", recipients: [{ ...r, enhancedCode: "", class: "delivered" }] };
  }
  return none;
}
