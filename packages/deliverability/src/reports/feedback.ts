/**
 * ARF feedback reports (RFC 5965) and authentication failure reports (RFC 6591, `Feedback-Type:
 * auth-failure`, the format of DMARC failure reports, RFC 7489 §7.3). The machine-readable part is
 * `message/feedback-report`; some reporters inline the same fields in the text body instead, and Apple
 * Mail's one-click unsubscribe mails (X-Apple-Unsubscribe) are read as an opt-out.
 */
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";

import { type HeaderFields, all, first, parseHeaderFields } from "./header-fields.ts";
import { REPORT_MAX_MIME_HEAD_BYTES, REPORT_MAX_MIME_PARTS } from "./limits.ts";
import { feedbackPart, originalMessagePart } from "./report-email.ts";
import { type FeedbackReport, type OriginalMessageHeaders } from "./types.ts";
import { bareAddress, count, keyword, text, timestamp } from "./values.ts";

/** Headers that identify a campaign or list at the big ESPs (lowercase); any header with "campaign" in it counts too. */
const CAMPAIGN_HEADERS = new Set([
  "feedback-id",
  "x-campaign-id",
  "x-campaign",
  "x-mailgun-campaign-id",
  "x-mailgun-tag",
  "x-sg-eid",
  "x-ses-configuration-set",
  "x-mc-user",
  "x-job",
  "x-mailer-recptid",
]);

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  return text((Array.isArray(value) ? value : [value]).map((a) => a.text).join(", "));
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((a) => a.value.map((v) => v.address ?? "")).filter((a) => a.includes("@"));
}

interface OriginalMessage {
  headers: OriginalMessageHeaders;
  toAddresses: string[];
}

async function readOriginalMessage(content: Buffer): Promise<OriginalMessage | null> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(content, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      ignoreEmbedded: true,
      checksumAlgo: false,
      maxChildNodes: REPORT_MAX_MIME_PARTS,
      maxHeadSize: REPORT_MAX_MIME_HEAD_BYTES,
    });
  } catch {
    return null; // the reported message is informative; a damaged one does not void the report
  }
  const campaignHeaders: Record<string, string> = {};
  let listId: string | null = null;
  for (const { key, line } of mail.headerLines) {
    const value = text(line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " "));
    if (value === null) continue;
    if (key === "list-id") listId ??= value;
    else if (CAMPAIGN_HEADERS.has(key) || key.includes("campaign")) campaignHeaders[key] ??= value;
  }
  return {
    headers: {
      messageId: text(mail.messageId),
      from: addressText(mail.from),
      to: addressText(mail.to),
      subject: text(mail.subject),
      date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
      listId,
      campaignHeaders,
    },
    toAddresses: addresses(mail.to),
  };
}

function reportFields(mail: ParsedMail): HeaderFields | null {
  const part = feedbackPart(mail);
  if (part) return parseHeaderFields(part.content.toString("utf8"));
  // Reporters without a feedback part (e.g. Exim's DMARC failure reports) put the fields in the text.
  if (mail.text && /^Feedback-Type:/im.test(mail.text)) return parseHeaderFields(mail.text);
  return null;
}

function isAppleUnsubscribe(mail: ParsedMail): boolean {
  const value = mail.headers.get("x-apple-unsubscribe");
  return typeof value === "string" && value.trim().toLowerCase() === "true";
}

/** The feedback report an email carries, or null when it is not a feedback report. */
export async function feedbackFromEmail(mail: ParsedMail): Promise<{ kind: "arf" | "dmarc_failure"; report: FeedbackReport } | null> {
  const apple = isAppleUnsubscribe(mail);
  const fields = reportFields(mail) ?? (apple ? new Map<string, string[]>([["feedback-type", ["opt-out"]]]) : null);
  if (!fields) return null;
  const originalPart = originalMessagePart(mail);
  const original = originalPart ? await readOriginalMessage(originalPart.content) : null;

  const originalRcptTo = all(fields, "original-rcpt-to")
    .map(bareAddress)
    .filter((a): a is string => a !== null);
  const removalRecipients = all(fields, "removal-recipient")
    .map(bareAddress)
    .filter((a): a is string => a !== null);
  const complainedRecipients =
    originalRcptTo.length > 0
      ? originalRcptTo
      : removalRecipients.length > 0
        ? removalRecipients
        : apple
          ? addresses(mail.from)
          : (original?.toAddresses ?? []);
  const reportingMta = first(fields, "reporting-mta");
  const incidents = first(fields, "incidents");
  const feedbackType = keyword(first(fields, "feedback-type")) ?? "other";
  const report: FeedbackReport = {
    feedbackType,
    userAgent: first(fields, "user-agent"),
    version: first(fields, "version"),
    // RFC 5965 §3.2: "Reporting-MTA: dns; mail.example.com".
    reportingMta: reportingMta === null ? null : text(reportingMta.replace(/^[a-z0-9-]+\s*;\s*/i, "")),
    sourceIp: first(fields, "source-ip"),
    // Received-Date is the draft-era name of Arrival-Date.
    arrivalDate: timestamp(first(fields, "arrival-date") ?? first(fields, "received-date")),
    originalEnvelopeId: first(fields, "original-envelope-id"),
    originalMailFrom: bareAddress(first(fields, "original-mail-from")),
    originalRcptTo,
    reportedDomains: all(fields, "reported-domain"),
    reportedUris: all(fields, "reported-uri"),
    removalRecipients,
    incidents: incidents === null ? null : count(incidents, 1),
    authenticationResults: all(fields, "authentication-results"),
    authFailure: keyword(first(fields, "auth-failure")),
    identityAlignment: keyword(first(fields, "identity-alignment")),
    deliveryResult: keyword(first(fields, "delivery-result")),
    dkimDomain: first(fields, "dkim-domain"),
    dkimSelector: first(fields, "dkim-selector"),
    dkimIdentity: first(fields, "dkim-identity"),
    spfDns: first(fields, "spf-dns"),
    originalMessage: original?.headers ?? null,
    complainedRecipients,
    reportEmail: {
      from: addressText(mail.from),
      subject: text(mail.subject),
      messageId: text(mail.messageId),
      date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    },
  };
  return { kind: feedbackType === "auth-failure" ? "dmarc_failure" : "arf", report };
}
