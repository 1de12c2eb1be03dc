/**
 * Bounces that arrive after a report was accepted (issue 14, "a recipient address that bounces is recorded
 * and shown"). A relay accepts the report and the recipient's server refuses it later: the DSN (RFC 3464)
 * comes back to the report's return path `report-bounce+<deliveryId>@<REPORT_INBOUND_DOMAIN>` — set when
 * REPORT_BOUNCE_TRACKING is on — and the report SMTP intake hands it here. The delivery is marked bounced
 * with the receiving server's answer; a "delayed" notice is recorded without changing the status.
 */
import { parseBounce } from "@inboxwatch/deliverability/classify";

import { type SystemContext } from "../context.ts";
import { servicesEnv } from "../env.ts";

/** The local part of a report's return path: the delivery id it bounces for (a cuid). */
export const REPORT_BOUNCE_RE = /^report-bounce\+([a-z0-9]{20,40})@/i;

export function reportReturnPath(deliveryId: string): string {
  return `report-bounce+${deliveryId}@${servicesEnv().REPORT_INBOUND_DOMAIN}`;
}

export type ReportBounceOutcome = { status: "bounced" | "delayed"; detail: string } | { status: "ignored"; reason: string };

export async function recordReportBounce(
  ctx: SystemContext,
  input: { deliveryId: string; bytes: Uint8Array },
): Promise<ReportBounceOutcome> {
  const delivery = await ctx.db.reportDelivery.findUnique({
    where: { id: input.deliveryId },
    select: { id: true, channel: true, target: true },
  });
  if (!delivery || delivery.channel !== "email") return { status: "ignored", reason: "no such report delivery" };
  const report = await parseBounce(Buffer.from(input.bytes));
  if (!report.isBounce) return { status: "ignored", reason: "not a delivery status notification" };
  // The DSN names the recipient; when it names several, the one this delivery went to (else the first).
  const recipient = report.recipients.find((r) => r.address.toLowerCase() === delivery.target.toLowerCase()) ?? report.recipients[0];
  if (!recipient) return { status: "ignored", reason: "the notification names no recipient" };
  const detail = [recipient.replyCode, recipient.enhancedCode, recipient.diagnostic].filter(Boolean).join(" ").slice(0, 500) || "bounced";
  if (recipient.action.toLowerCase() === "failed") {
    await ctx.db.reportDelivery.update({ where: { id: delivery.id }, data: { status: "bounced", lastError: detail, response: detail } });
    return { status: "bounced", detail };
  }
  await ctx.db.reportDelivery.update({ where: { id: delivery.id }, data: { lastError: `delayed: ${detail}` } });
  return { status: "delayed", detail };
}
