/**
 * Bounce mail sent to `bounces+<token>@` (the organization's return path): delivery status notifications
 * (RFC 3464) and the non-standard bounce formats the classifier reads, turned into one DeliveryEvent per
 * recipient (source "dsn") and written like log events, so bounces received by mail and bounces seen in
 * MTA logs land in the same tables and rollups.
 *
 * Idempotent: an event's business key is built from the DSN's Message-ID (else the sha256 of its bytes)
 * and Date header, so the same DSN delivered twice (an MTA retrying after a lost 250) is stored once.
 */
import { createHash } from "node:crypto";

import { type BounceRecipient, parseBounce } from "@inboxwatch/deliverability/classify";
import { type DeliveryEvent, type DeliveryStatus, providerFor } from "@inboxwatch/deliverability/logs";

import { type OrgContext, inTx } from "../context.ts";
import { recordDeliveryEvents } from "../ingest/record-events.ts";

/** The LogSource name of events that came from bounce mail. */
export const DSN_EVENT_SOURCE = "dsn";
/** Header block read for the Date and Message-ID (RFC 5322 §2.1): real headers are a few KiB. */
const DSN_HEADER_MAX_BYTES = 64 * 1024;
/** Events per DSN: a DSN lists the recipients of one message; more is not a bounce we trust. */
const DSN_MAX_RECIPIENTS = 1000;

export interface BounceOutcome {
  /** False when the mail reports no failed or delayed delivery (auto-reply, junk): nothing was written. */
  isBounce: boolean;
  format: string;
  events: number;
  inserted: number;
}

/** RFC 3464 §2.3.3 Action → our delivery status. */
function statusOf(r: BounceRecipient): DeliveryStatus {
  const action = r.action.toLowerCase();
  if (action === "delayed") return "deferred";
  if (action === "delivered" || action === "relayed" || action === "expanded") return "sent";
  if (action === "failed") return "bounced";
  return r.class === "transient" ? "deferred" : r.class === "delivered" ? "sent" : "bounced";
}

/** The unfolded value of one header of the mail's own header block, or "". */
function headerValue(bytes: Uint8Array, name: string): string {
  const text = Buffer.from(bytes.subarray(0, DSN_HEADER_MAX_BYTES)).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(block);
  return match?.[1]?.trim() ?? "";
}

export function bounceEvents(
  report: { reportingMta: string; recipients: BounceRecipient[]; originalSender?: string },
  mail: { messageId: string; time: string | null },
): DeliveryEvent[] {
  return report.recipients.slice(0, DSN_MAX_RECIPIENTS).map((r) => {
    const status = statusOf(r);
    const recipientDomain = r.address.slice(r.address.lastIndexOf("@") + 1).toLowerCase();
    return {
      time: mail.time,
      source: DSN_EVENT_SOURCE,
      host: report.reportingMta,
      queueId: "",
      messageId: mail.messageId,
      campaign: "",
      variant: "",
      // The bounced message's From, when the DSN returned its headers: gives the event its sending domain.
      sender: report.originalSender ?? "",
      recipient: r.address,
      recipientDomain,
      origRecipient: r.originalRecipient,
      status,
      replyCode: r.replyCode,
      enhancedCode: r.enhancedCode,
      category: r.category,
      reason: r.reason,
      class: r.class,
      relayHost: r.remoteMta,
      relayIp: "",
      relayPort: null,
      delaySeconds: null,
      delays: null,
      tls: null,
      response: r.diagnostic,
      provider: providerFor(recipientDomain, r.remoteMta),
      eventType: status === "sent" ? "delivered" : status,
      raw: "",
    };
  });
}

/**
 * Parses bounce mail and stores its per-recipient results as delivery events of the organization.
 * Returns isBounce false (and writes nothing) for mail that reports no delivery problem.
 */
export async function recordBounceMail(ctx: OrgContext, input: { bytes: Uint8Array; receivedAt?: Date }): Promise<BounceOutcome> {
  const report = await parseBounce(Buffer.from(input.bytes));
  if (!report.isBounce || report.recipients.length === 0) return { isBounce: false, format: report.format, events: 0, inserted: 0 };
  const receivedAt = input.receivedAt ?? new Date();
  const date = Date.parse(headerValue(input.bytes, "date"));
  // Without a Date header the receipt time stands in; such a DSN delivered twice would be two events.
  const time = Number.isNaN(date) ? receivedAt.toISOString() : new Date(date).toISOString();
  const messageId =
    headerValue(input.bytes, "message-id").slice(0, 998) || `sha256:${createHash("sha256").update(input.bytes).digest("hex")}`;
  const events = bounceEvents(report, { messageId, time });
  const { inserted } = await ctx.db.$transaction((tx) =>
    recordDeliveryEvents(inTx(ctx, tx), { source: DSN_EVENT_SOURCE, receivedAt, events }),
  );
  return { isBounce: true, format: report.format, events: events.length, inserted };
}
