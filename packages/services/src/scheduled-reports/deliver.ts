/**
 * Sends one archived edition to one recipient or channel (the `report.deliver` job). The delivery row is
 * claimed (status "sending", attempts + 1) before anything leaves and marked "sent" right after, so a job
 * run again after a crash or a duplicate job finds it sent and does nothing; the only window for a second
 * copy is a crash between the receiver's "250 OK" and that one-row update.
 *
 * A recipient address the receiving server refuses for good (a 5xx reply) is recorded as "bounced" with the
 * server's answer and shown in the delivery log; a temporary failure is retried by the job with backoff.
 */
import { sendJob } from "@inboxwatch/jobs";
import {
  buildSlackReportMessage,
  buildTeamsReportMessage,
  buildWebhookReportPayload,
  renderReportEmail,
} from "@inboxwatch/reporting/render";

import { type SystemContext } from "../context.ts";
import { decryptSecret } from "../crypto/secret-box.ts";
import { servicesEnv } from "../env.ts";
import { pdfFileNameOf, readReportFigures } from "./editions.ts";
import { orgUrlOf } from "./compose.ts";
import { reportReturnPath } from "./bounces.ts";
import { shareUrl } from "./shares.ts";

export interface ReportEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
  /** The return path `report-bounce+<delivery>@…` when REPORT_BOUNCE_TRACKING is on (bounces.ts). */
  envelopeFrom?: string;
}

/** What a channel post or a send answered: sent, refused for good, or worth retrying. */
export type SendResult = { ok: true; response: string } | { ok: false; permanent: boolean; error: string };

export interface ReportDeliveryDeps {
  sendEmail: (mail: ReportEmail) => Promise<SendResult>;
  postToChannel: (input: {
    orgId: string;
    channelId: string;
    deliveryId: string;
    payloads: { slack: Record<string, unknown>; teams: Record<string, unknown>; webhook: Record<string, unknown> };
  }) => Promise<SendResult>;
}

export type DeliverOutcome =
  { status: "sent" | "bounced" | "failed"; response?: string; error?: string } | { status: "skipped"; reason: string };

/** A last-attempt failure is final; earlier ones throw so the job retries with backoff. */
export const REPORT_DELIVERY_MAX_ATTEMPTS = 6;

export async function deliverReport(
  ctx: SystemContext,
  input: { deliveryId: string; now?: Date },
  deps: ReportDeliveryDeps,
): Promise<DeliverOutcome> {
  const now = input.now ?? new Date();
  const claimed = await ctx.db.reportDelivery.updateManyAndReturn({
    where: { id: input.deliveryId, status: { in: ["pending", "failed", "sending"] } },
    data: { status: "sending", attempts: { increment: 1 } },
    select: { id: true, orgId: true, editionId: true, channel: true, target: true, attempts: true, shareTokenEnc: true },
  });
  const d = claimed[0];
  if (!d) return { status: "skipped", reason: "already sent, bounced or gone" };
  const edition = await ctx.db.reportEdition.findFirst({
    where: { id: d.editionId, orgId: d.orgId, status: "ready" },
    select: { id: true, figures: true, pdf: true, org: { select: { slug: true } } },
  });
  if (!edition) return finish(ctx, d, { ok: false, permanent: true, error: "the report is no longer available" }, now);
  const figures = readReportFigures(edition.figures);
  const appUrl = `${orgUrlOf(edition.org.slug)}/scheduled-reports/${edition.id}`;
  const token = d.shareTokenEnc ? decryptSecret(d.shareTokenEnc, d.orgId) : null;
  const reportUrl = token ? shareUrl(token) : appUrl;
  const pdfUrl = token ? `${shareUrl(token)}/pdf` : `${appUrl}/pdf`;

  let result: SendResult;
  if (d.channel === "email") {
    const attach = edition.pdf !== null;
    const mail = await renderReportEmail(figures, { reportUrl, pdfAttached: attach });
    result = await deps.sendEmail({
      to: d.target,
      ...mail,
      attachments:
        attach && edition.pdf
          ? [{ filename: pdfFileNameOf(figures), content: Buffer.from(edition.pdf), contentType: "application/pdf" }]
          : [],
      ...(servicesEnv().REPORT_BOUNCE_TRACKING ? { envelopeFrom: reportReturnPath(d.id) } : {}),
    });
  } else {
    result = await deps.postToChannel({
      orgId: d.orgId,
      channelId: d.target,
      deliveryId: d.id,
      payloads: {
        slack: buildSlackReportMessage(figures, { reportUrl, pdfUrl }),
        teams: buildTeamsReportMessage(figures, { reportUrl, pdfUrl }),
        webhook: buildWebhookReportPayload(figures, { reportUrl, pdfUrl }),
      },
    });
  }
  return finish(ctx, d, result, now);
}

async function finish(
  ctx: SystemContext,
  d: { id: string; channel: string; attempts: number },
  result: SendResult,
  now: Date,
): Promise<DeliverOutcome> {
  const { id: deliveryId, attempts } = d;
  if (result.ok) {
    await ctx.db.reportDelivery.update({
      where: { id: deliveryId },
      data: { status: "sent", sentAt: now, response: result.response.slice(0, 500), lastError: null },
    });
    return { status: "sent", response: result.response };
  }
  const error = result.error.slice(0, 500);
  if (result.permanent) {
    // An address refused for good bounced; a channel refused for good (deleted, bad URL) failed.
    const status = d.channel === "email" ? "bounced" : "failed";
    await ctx.db.reportDelivery.update({ where: { id: deliveryId }, data: { status, lastError: error, response: error } });
    return { status, error };
  }
  await ctx.db.reportDelivery.update({ where: { id: deliveryId }, data: { status: "failed", lastError: error } });
  if (attempts >= REPORT_DELIVERY_MAX_ATTEMPTS) return { status: "failed", error };
  // Retried by a new job after a growing delay (1, 2, 4 … minutes), so a receiver down for a while is not hammered.
  await ctx.db.$transaction((tx) =>
    sendJob("report.deliver", { deliveryId }, { tx, startAfterSeconds: 60 * 2 ** Math.min(attempts - 1, 5) }),
  );
  return { status: "failed", error };
}
