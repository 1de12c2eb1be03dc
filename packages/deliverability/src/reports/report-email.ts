/**
 * Report emails (RFC 5322 with MIME): the feedback-report part of an ARF / RFC 6591 message, or the
 * attachment of a DMARC aggregate (RFC 7489 §7.2.1.1) or TLS-RPT (RFC 8460 §5.3) report mail.
 * mailparser is bounded by the input cap and by a MIME part count and header size cap.
 */
import { type Attachment, type ParsedMail, simpleParser } from "mailparser";

import { REPORT_MAX_MIME_HEAD_BYTES, REPORT_MAX_MIME_PARTS } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";
import { SNIFF_HEAD_BYTES, sniff } from "./sniff.ts";

const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
  keepCidLinks: true,
  // Keep the reported message of an ARF report as an attachment instead of merging it into the text.
  ignoreEmbedded: true,
  keepDeliveryStatus: true,
  checksumAlgo: false,
  maxChildNodes: REPORT_MAX_MIME_PARTS,
  maxHeadSize: REPORT_MAX_MIME_HEAD_BYTES,
} as const;

export async function readEmail(raw: Uint8Array): Promise<ParsedMail> {
  try {
    return await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), PARSER_OPTIONS);
  } catch (err) {
    throw new ReportRejection("malformed", `email: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const FEEDBACK_PART_TYPES = new Set(["message/feedback-report"]);
const ORIGINAL_MESSAGE_TYPES = new Set([
  "message/rfc822",
  "text/rfc822-headers",
  "text/rfc822-header",
  "message/rfc822-headers",
  "message/global",
  "message/global-headers",
]);

export function feedbackPart(mail: ParsedMail): Attachment | undefined {
  return mail.attachments.find((a) => FEEDBACK_PART_TYPES.has(a.contentType.toLowerCase()));
}

export function originalMessagePart(mail: ParsedMail): Attachment | undefined {
  return mail.attachments.find((a) => ORIGINAL_MESSAGE_TYPES.has(a.contentType.toLowerCase()));
}

/**
 * The bytes of the report a DMARC aggregate or TLS-RPT email carries: the first attachment that is an
 * archive, XML or JSON (by content, since content types vary: application/gzip, application/x-gzip,
 * application/tlsrpt+gzip, application/octet-stream…), else a report pasted into the text body.
 */
export function reportAttachment(mail: ParsedMail): Uint8Array | undefined {
  for (const attachment of mail.attachments) {
    const type = attachment.contentType.toLowerCase();
    if (FEEDBACK_PART_TYPES.has(type) || ORIGINAL_MESSAGE_TYPES.has(type)) continue;
    const format = sniff(attachment.content.subarray(0, SNIFF_HEAD_BYTES));
    if (format === "gzip" || format === "zip" || format === "xml" || format === "json" || format === "base64") return attachment.content;
  }
  const body = mail.text?.trim();
  if (body && (body.startsWith("<") || body.startsWith("{"))) return Buffer.from(body, "utf8");
  return undefined;
}
