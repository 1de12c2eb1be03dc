/**
 * Bounce and DSN mail → one classified result per recipient. Handles RFC 3464 multipart/report (and
 * DSN fields pasted inline), the human-readable formats without fields (qmail, Exim, DragonFly, …),
 * Amazon SES JSON notifications and RFC 3834 auto-replies. The MIME work is mailparser's.
 */
import { type AddressObject, simpleParser } from "mailparser";

import { classifyFact, commandFromText } from "./classify-reply.ts";
import { parseDsnFields } from "./dsn-fields.ts";
import { humanPart, recipientsFromText } from "./dsn-text.ts";
import { recipientsFromSesJson } from "./dsn-ses.ts";
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
}

function addresses(obj: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  return list.flatMap((o) => o.value.map((v) => (v.address ?? "").toLowerCase())).filter((a) => a !== "");
}

function toRecipient(address: string, fact: Partial<DeliveryFact> & { diagnostic: string }, extra: { originalRecipient?: string; remoteMta?: string }): BounceRecipient {
  const command = fact.command || commandFromText(fact.diagnostic);
  const c = classifyFact({ ...fact, command });
  return { ...c, address, originalRecipient: extra.originalRecipient ?? "", action: fact.action ?? "", remoteMta: extra.remoteMta ?? "", command };
}

/** Whether the headers mark an automatic reply rather than a delivery report (RFC 3834 §5). */
function isAutoReply(headers: Map<string, unknown>, subject: string): boolean {
  const value = headers.get("auto-submitted");
  const auto = (typeof value === "string" ? value : "").toLowerCase();
  if (auto.startsWith("auto-replied")) return true;
  return /^(?:auto(?:matic)? ?reply|out of (?:the )?office|autoreply|auto:|abwesenheit|vacation)/i.test(subject);
}

/** Parses one bounce/DSN mail. Never throws for malformed mail: unreadable input gives `isBounce: false`. */
export async function parseBounce(raw: Buffer | string): Promise<BounceReport> {
  const input = typeof raw === "string" ? Buffer.from(raw) : raw;
  const none: BounceReport = { isBounce: false, format: "none", reportingMta: "", recipients: [] };
  if (input.length > DSN_MAX_BYTES) return none;
  const mail = await simpleParser(input.subarray(0, DSN_MAX_BYTES), { skipImageLinks: true, skipTextLinks: true });
  // mailparser folds message/delivery-status into `text`; some generators send it as an attachment.
  const parts = [mail.text ?? ""];
  for (const a of mail.attachments) {
    if (/delivery-status|^text\/plain$/i.test(a.contentType)) parts.push(a.content.toString("utf8"));
  }
  if (!mail.text && mail.html) parts.push(mail.html.replace(/<br\s*\/?>|<\/p>|<\/div>/gi, "\n").replace(/<[^>]+>/g, ""));
  const text = parts.join("\n");
  const exclude = new Set([...addresses(mail.to), ...addresses(mail.from)]);

  const ses = recipientsFromSesJson(text);
  if (ses.length > 0) {
    return {
      isBounce: ses.some((r) => r.action !== "delivered"),
      format: "ses-json",
      reportingMta: "",
      recipients: ses.map((r) => toRecipient(r.address, r, { remoteMta: r.remoteMta })),
    };
  }

  const human = humanPart(mail.text ?? text);
  const fields = parseDsnFields(text);
  if (fields.recipients.length > 0) {
    const explained = recipientsFromText(human, exclude);
    const recipients = fields.recipients.map((f) => {
      const address = f.finalRecipient || f.originalRecipient;
      const explanation =
        explained.find((e) => e.address === address || e.address === f.originalRecipient || e.address === f.actualRecipient)?.explanation ?? "";
      const diagnostic = f.diagnostic !== "" ? f.diagnostic : explanation;
      const command = commandFromText(explanation) || commandFromText(f.diagnostic);
      return toRecipient(
        address,
        { status: f.status, diagnostic, diagnosticType: f.diagnosticType, action: f.action, command },
        { originalRecipient: f.originalRecipient, remoteMta: f.remoteMta },
      );
    });
    return { isBounce: recipients.some((r) => r.class !== "delivered"), format: "rfc3464", reportingMta: fields.reportingMta, recipients };
  }

  const subject = mail.subject ?? "";
  const looksLikeBounce =
    /undeliver|delivery (?:status|failure|has failed|failed)|returned mail|failure notice|mail delivery|could not be delivered|non[- ]?delivery|delivery problem|permanent error|was not delivered|nicht zugestellt|unzustellbar/i.test(
      `${subject}\n${human}`,
    ) || /mailer-daemon|postmaster|post_master/i.test(addresses(mail.from).join(" ")) || mail.headers.has("auto-submitted");
  if (looksLikeBounce) {
    let found = recipientsFromText(human, exclude);
    // Exim and Google name the failed addresses in X-Failed-Recipients; trust it over addresses in prose.
    const failedHeader = mail.headers.get("x-failed-recipients");
    const failed = (typeof failedHeader === "string" ? failedHeader : "").split(",").map((a) => a.trim().toLowerCase()).filter((a) => a.includes("@"));
    if (failed.length > 0) {
      found = failed.map((address) => ({ address, explanation: found.find((f) => f.address === address)?.explanation ?? human.trim() }));
    }
    // Text-only reports say "temporary failure" / "will be retried" where a DSN would say Action: delayed.
    const delayed = /details of temporary failure|has not yet been delivered|retry timeout exceeded/i.test(human);
    const recipients = found.map((f) => toRecipient(f.address, { diagnostic: f.explanation, action: delayed ? "delayed" : "" }, {}));
    if (recipients.length > 0) return { isBounce: true, format: "text", reportingMta: "", recipients };
  }
  const fromSystem = /mailer-daemon|postmaster|post_master/i.test(addresses(mail.from).join(" "));
  if (!fromSystem && isAutoReply(mail.headers, subject)) {
    const from = addresses(mail.from)[0] ?? "";
    const r = toRecipient(from, { diagnostic: (mail.text ?? "").slice(0, 500), reason: "vacation" }, {});
    return { isBounce: false, format: "auto-reply", reportingMta: "", recipients: [{ ...r, enhancedCode: "", class: "delivered" }] };
  }
  return none;
}
