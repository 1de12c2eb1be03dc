/**
 * Digest delivery (issue 7, point 4): incident events a channel takes as a digest are stored as
 * AlertDigestItem rows by `queueIncidentNotifications`; the hourly `alerts.digest` job turns each due
 * channel's unclaimed items into ONE Notification and its `alerts.deliver` job, so a digest gets the same
 * retries, delivery log and stable webhook-id as any notification.
 *
 * Exactly once: the items are claimed (`digestNotificationId` set where it is still null) in the same
 * transaction that writes the digest notification and its job. A concurrent run blocks on the claimed rows
 * and then finds them taken; a run that fails rolls back its claim and the next run takes the items.
 */
import { type Tx } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { type InTx, type OrgContext, type SystemContext } from "@inboxwatch/services";

import { type TDigestItem, buildDigestNotification } from "../engine/index.ts";
import { incidentUrl, newNotificationId } from "./links.ts";

const HOUR_MS = 3_600_000;
/** How long each interval waits after the previous digest of the channel. */
export const DIGEST_INTERVAL_MS = { hourly: HOUR_MS, daily: 24 * HOUR_MS } as const;
/**
 * The hourly cron fires a little earlier or later than an exact hour after the previous run; a digest
 * this close to due is sent now rather than an hour late.
 */
export const DIGEST_DUE_SLACK_MS = 5 * 60_000;
/** Items claimed into one digest; a backlog beyond it goes out in the next run. */
export const DIGEST_MAX_CLAIM = 500;

export interface DigestRunSummary {
  channels: number;
  digests: number;
  items: number;
}

/** True when a channel with pending items should get its digest at `now`. */
export function isDigestDue(channel: { digestInterval: keyof typeof DIGEST_INTERVAL_MS; lastDigestAt: Date | null }, now: number): boolean {
  if (channel.lastDigestAt === null) return true;
  return now - channel.lastDigestAt.getTime() >= DIGEST_INTERVAL_MS[channel.digestInterval] - DIGEST_DUE_SLACK_MS;
}

/** Sends every due digest (all organizations: a system job like the sweep). */
export async function sendDueDigests(ctx: SystemContext, input: { now?: number; orgId?: string } = {}): Promise<DigestRunSummary> {
  const { db } = ctx;
  const now = input.now ?? Date.now();
  const pending = await db.alertDigestItem.groupBy({
    by: ["channelId"],
    where: { digestNotificationId: null, ...(input.orgId ? { orgId: input.orgId } : {}) },
  });
  const summary: DigestRunSummary = { channels: pending.length, digests: 0, items: 0 };
  if (pending.length === 0) return summary;
  const channels = await db.alertChannel.findMany({
    where: { id: { in: pending.map((p) => p.channelId) } },
    select: { id: true, orgId: true, enabled: true, digestInterval: true, lastDigestAt: true, org: { select: { slug: true } } },
  });
  for (const channel of channels) {
    // A disabled channel keeps its items; they go out in the first digest after it is enabled again.
    if (!channel.enabled || !isDigestDue(channel, now)) continue;
    const sent = await db.$transaction((tx) =>
      sendDigest(tx, { channelId: channel.id, orgId: channel.orgId, orgSlug: channel.org.slug, since: channel.lastDigestAt, now }),
    );
    if (sent > 0) {
      summary.digests++;
      summary.items += sent;
    }
  }
  return summary;
}

/** Claims the channel's unclaimed items and queues their digest; returns how many items it holds. */
async function sendDigest(
  tx: Tx,
  c: { channelId: string; orgId: string; orgSlug: string; since: Date | null; now: number },
): Promise<number> {
  const id = newNotificationId();
  const candidates = await tx.alertDigestItem.findMany({
    where: { orgId: c.orgId, channelId: c.channelId, digestNotificationId: null },
    select: { id: true },
    orderBy: { occurredAt: "asc" },
    take: DIGEST_MAX_CLAIM,
  });
  if (candidates.length === 0) return 0;
  // The claim: rows another run took in the meantime no longer match "IS NULL" and are skipped.
  await tx.alertDigestItem.updateMany({
    where: { id: { in: candidates.map((r) => r.id) }, orgId: c.orgId, digestNotificationId: null },
    data: { digestNotificationId: id },
  });
  const rows = await tx.alertDigestItem.findMany({ where: { orgId: c.orgId, digestNotificationId: id }, orderBy: { occurredAt: "asc" } });
  if (rows.length === 0) return 0;
  const items: TDigestItem[] = rows.map((r) => ({
    incidentId: r.incidentId,
    event: r.event as TDigestItem["event"],
    severity: r.severity,
    title: r.title,
    summary: r.summary,
    scopeLabel: r.scopeLabel,
    url: r.url,
    occurredAt: r.occurredAt.getTime(),
  }));
  const first = rows[0]?.occurredAt.getTime() ?? c.now;
  const payload = buildDigestNotification({
    id,
    orgId: c.orgId,
    url: incidentUrl(c.orgSlug, null),
    since: c.since?.getTime() ?? first,
    now: c.now,
    items,
  });
  await tx.notification.create({ data: { id, orgId: c.orgId, channelId: c.channelId, event: "incident.digest", payload } });
  await tx.alertChannel.update({ where: { id: c.channelId, orgId: c.orgId }, data: { lastDigestAt: new Date(c.now) } });
  await sendJob("alerts.deliver", { notificationId: id }, { tx });
  return rows.length;
}

/** The incidents a delivered digest carried, for their timelines. */
export async function incidentsOfDigest(ctx: InTx<OrgContext>, input: { notificationId: string }): Promise<string[]> {
  const rows = await ctx.db.alertDigestItem.findMany({
    where: { orgId: ctx.orgId, digestNotificationId: input.notificationId },
    select: { incidentId: true },
    distinct: ["incidentId"],
  });
  return rows.map((r) => r.incidentId);
}
