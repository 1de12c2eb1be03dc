/**
 * One delivery attempt of one Notification (the `alerts.deliver` job). The notification id is sent as the
 * webhook-id / Message-ID / dedup key on every attempt. Retries are scheduled here, as a new job starting
 * after `nextRetryDelay` — not by pg-boss's retry — because the delay depends on each answer (Retry-After
 * of a 429 or 503) and the attempt count lives on the row, which survives worker restarts.
 */
import { type Tx } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { readJson, type SystemContext } from "@inboxwatch/services";
import { queueMail } from "@inboxwatch/services/mail";
import { metrics } from "@inboxwatch/services/metrics";

import {
  CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES,
  type ChannelDeps,
  type DeliveryAttemptResult,
  assessChannelHealth,
  getChannel as getChannelPlugin,
  nextRetryDelay,
  ZAlertNotification,
} from "../engine/index.ts";
import { openChannelConfig } from "./channel-config.ts";
import { incidentsOfDigest } from "./digest.ts";
import { incidentUrl } from "./links.ts";

export interface DeliverDeps {
  channel: ChannelDeps;
  /** Jitter source for the backoff; tests pass () => 0. */
  random?: () => number;
}

export type DeliverOutcome =
  | { status: "skipped"; reason: "gone" | "already_final" | "not_due" }
  | { status: "delivered" | "failed"; attempt: number; result: DeliveryAttemptResult }
  | { status: "retry_scheduled"; attempt: number; delayMs: number; result: DeliveryAttemptResult };

/** A duplicate job (a crash retry racing the reschedule) may arrive early; this much slack still counts as due. */
const DUE_SLACK_MS = 1_000;

/** `deps` is the injected I/O (HTTP transport, mailer, clock), the same for every notification of a worker. */
export async function deliverNotification(
  ctx: SystemContext,
  input: { notificationId: string },
  deps: DeliverDeps,
): Promise<DeliverOutcome> {
  const { db } = ctx;
  const n = await db.notification.findUnique({ where: { id: input.notificationId }, include: { channel: true } });
  if (!n) return { status: "skipped", reason: "gone" };
  if (n.status !== "pending") return { status: "skipped", reason: "already_final" };
  if (n.nextAttemptAt && n.nextAttemptAt.getTime() > deps.channel.now() + DUE_SLACK_MS) return { status: "skipped", reason: "not_due" };

  const payload = readJson(ZAlertNotification, n.payload, `Notification ${n.id}.payload`);
  const result: DeliveryAttemptResult =
    n.channel.enabled || n.event === "test"
      ? await getChannelPlugin(n.channel.kind).deliver(openChannelConfig(n.channel), payload, deps.channel)
      : { outcome: "permanent", reason: "invalid_config", status: null, retryAfterMs: null, durationMs: 0, detail: "channel disabled" };
  metrics().alertDeliveries.inc({ channel: n.channel.kind, outcome: result.outcome });
  const attempt = n.attempts + 1;
  const delayMs = nextRetryDelay(attempt, result, deps.random);
  const now = new Date(deps.channel.now());

  return db.$transaction(async (tx) => {
    // The unique (notificationId, attempt) makes a racing duplicate of this job fail here and roll back.
    await tx.notificationAttempt.create({
      data: {
        orgId: n.orgId,
        notificationId: n.id,
        attempt,
        at: now,
        outcome: result.outcome,
        statusCode: result.status,
        durationMs: result.durationMs,
        reason: result.reason,
        detail: result.detail,
      },
    });
    const common = { attempts: attempt, lastStatusCode: result.status, lastError: result.outcome === "delivered" ? null : result.detail };
    if (result.outcome === "delivered") {
      await tx.notification.update({
        where: { id: n.id },
        data: { ...common, status: "delivered", deliveredAt: now, nextAttemptAt: null },
      });
      if (n.incidentId) {
        await tx.incidentEvent.create({
          data: {
            orgId: n.orgId,
            incidentId: n.incidentId,
            type: "notified",
            at: now,
            actorLabel: "alert delivery",
            body: `${n.event} delivered to ${n.channel.name}`,
          },
        });
      } else if (n.event === "incident.digest") {
        const incidentIds = await incidentsOfDigest({ db: tx, orgId: n.orgId, actor: ctx.actor }, { notificationId: n.id });
        await tx.incidentEvent.createMany({
          data: incidentIds.map((incidentId) => ({
            orgId: n.orgId,
            incidentId,
            type: "notified" as const,
            at: now,
            actorLabel: "alert delivery",
            body: `included in the digest delivered to ${n.channel.name}`,
          })),
        });
      }
      await tx.alertChannel.update({
        where: { id: n.channelId },
        data: { status: "healthy", consecutiveFailures: 0, failingNotifiedAt: null },
      });
      return { status: "delivered", attempt, result };
    }
    if (delayMs !== null) {
      const startAfterSeconds = Math.max(1, Math.ceil(delayMs / 1000));
      await tx.notification.update({
        where: { id: n.id },
        data: { ...common, nextAttemptAt: new Date(now.getTime() + startAfterSeconds * 1000) },
      });
      await sendJob("alerts.deliver", { notificationId: n.id }, { tx, startAfterSeconds });
      return { status: "retry_scheduled", attempt, delayMs, result };
    }
    await tx.notification.update({ where: { id: n.id }, data: { ...common, status: "failed", nextAttemptAt: null } });
    await recordChannelFailure(tx, n.orgId, n.channelId);
    return { status: "failed", attempt, result };
  });
}

/**
 * After a notification finally failed: re-assess the channel from its recent final outcomes; when it turns
 * failing, tell the organization's owners and admins by email, once per failing streak.
 */
async function recordChannelFailure(tx: Tx, orgId: string, channelId: string) {
  const recent = await tx.notification.findMany({
    where: { orgId, channelId, status: { in: ["delivered", "failed"] } },
    select: { status: true },
    orderBy: { updatedAt: "desc" },
    take: CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES * 2,
  });
  const health = assessChannelHealth(
    recent.reverse().map((r) => ({ outcome: r.status === "delivered" ? ("delivered" as const) : ("permanent" as const) })),
  );
  const channel = await tx.alertChannel.update({
    where: { id: channelId },
    data: { status: health.status, consecutiveFailures: health.consecutiveFailures },
  });
  if (health.status !== "failing" || channel.failingNotifiedAt !== null) return;
  await tx.alertChannel.update({ where: { id: channelId }, data: { failingNotifiedAt: new Date() } });
  const [org, admins] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, slug: true } }),
    tx.membership.findMany({ where: { orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { user: { select: { email: true } } } }),
  ]);
  const link = incidentUrl(org.slug, null).replace(/\/alerts$/, "/settings/integrations");
  for (const { user } of admins) {
    await queueMail(
      { db: tx },
      {
        to: user.email,
        content: {
          subject: `Alert channel "${channel.name}" is failing`,
          text: `The ${channel.kind} channel "${channel.name}" of ${org.name} failed its last ${health.consecutiveFailures} notifications, so alerts sent to it are not arriving.\n\nCheck its delivery log and configuration: ${link}\n`,
        },
      },
    );
  }
}
