/**
 * Queues the notifications of incident events: routes each over its rule's channels, writes one
 * Notification row per immediate channel and its `alerts.deliver` job, and one AlertDigestItem per digest
 * channel — in the caller's transaction, so an incident change and its notifications commit together (a
 * crash in between cannot lose or double them). A batch of events costs the same few statements as one:
 * one read of the channels, one multi-row insert per table, one insert of all the delivery jobs.
 */
import { randomUUID } from "node:crypto";

import { type Prisma, type Tx } from "@inboxwatch/db";
import { getSender, JOBS, prismaExecutor } from "@inboxwatch/jobs";
import { type InTx, type SystemContext } from "@inboxwatch/services";

import {
  DIGEST_ITEM_SUMMARY_MAX_CHARS,
  type Evidence,
  type TAlertScope,
  type TAlertSeverity,
  buildIncidentNotification,
  routeNotification,
} from "../engine/index.ts";
import { incidentUrl, newNotificationId } from "./links.ts";

/** pg-boss's schema (the default), where the delivery jobs are counted after their insert. */
const PG_BOSS_SCHEMA = "pgboss";

export interface IncidentEventToNotify {
  orgId: string;
  orgSlug: string;
  incidentId: string;
  event: "incident.opened" | "incident.updated" | "incident.resolved";
  rule: { id: string; name: string; runbookUrl?: string; channelIds: readonly string[] };
  severity: TAlertSeverity;
  scope: TAlertScope;
  scopeLabel: string;
  value: number | null;
  evidence: Evidence;
  occurredAt: number;
}

/**
 * Returns the ids of the notifications queued (one per channel routed immediately). Runs in the caller's
 * transaction (`inTx(ctx, tx)`), the one that writes the incident change.
 */
export async function queueIncidentNotifications(ctx: InTx<SystemContext>, input: IncidentEventToNotify): Promise<string[]> {
  return (await queueNotificationsOfEvents(ctx, { events: [input] }))[0] ?? [];
}

/** Returns, for each event in order, the ids of its notifications queued (one per channel routed immediately). */
export async function queueNotificationsOfEvents(
  ctx: InTx<SystemContext>,
  input: { events: readonly IncidentEventToNotify[] },
): Promise<string[][]> {
  const tx = ctx.db;
  const { events } = input;
  const ids: string[][] = events.map(() => []);
  const routed = events.filter((e) => e.rule.channelIds.length > 0);
  if (routed.length === 0) return ids;
  const channels = await tx.alertChannel.findMany({
    where: { orgId: { in: [...new Set(routed.map((e) => e.orgId))] }, id: { in: [...new Set(routed.flatMap((e) => e.rule.channelIds))] } },
    select: { id: true, orgId: true, kind: true, enabled: true, minSeverity: true, digestSeverities: true },
  });
  // Tenancy: an event is routed only over channels of its own organization.
  const channelsByOrg = new Map<string, typeof channels>();
  for (const c of channels) channelsByOrg.set(c.orgId, [...(channelsByOrg.get(c.orgId) ?? []), c]);
  const digestItems: Prisma.AlertDigestItemCreateManyInput[] = [];
  const notifications: Prisma.NotificationCreateManyInput[] = [];
  events.forEach((e, i) => {
    if (e.rule.channelIds.length === 0) return;
    const { immediate, digest } = routeNotification(e.rule.channelIds, channelsByOrg.get(e.orgId) ?? [], e.severity, e.event);
    const url = incidentUrl(e.orgSlug, e.incidentId);
    // Digest severities are collected here and sent by the hourly `alerts.digest` job (digest.ts).
    for (const channelId of digest) {
      digestItems.push({
        orgId: e.orgId,
        channelId,
        incidentId: e.incidentId,
        event: e.event,
        severity: e.severity,
        title: e.rule.name.slice(0, 300),
        summary: e.evidence.summary.slice(0, DIGEST_ITEM_SUMMARY_MAX_CHARS),
        scopeLabel: e.scopeLabel.slice(0, 300),
        url,
        occurredAt: new Date(e.occurredAt),
      });
    }
    for (const channelId of immediate) {
      const id = newNotificationId();
      const payload = buildIncidentNotification({
        id,
        event: e.event,
        orgId: e.orgId,
        incidentId: e.incidentId,
        rule: { id: e.rule.id, name: e.rule.name, ...(e.rule.runbookUrl ? { runbookUrl: e.rule.runbookUrl } : {}) },
        severity: e.severity,
        scope: { scope: e.scope, label: e.scopeLabel },
        value: e.value,
        evidence: e.evidence,
        url,
        occurredAt: e.occurredAt,
      });
      notifications.push({ id, orgId: e.orgId, incidentId: e.incidentId, channelId, event: e.event, payload });
      ids[i]?.push(id);
    }
  });
  if (digestItems.length > 0) await tx.alertDigestItem.createMany({ data: digestItems });
  if (notifications.length > 0) {
    await tx.notification.createMany({ data: notifications });
    await queueDeliveries(
      tx,
      notifications.map((n) => n.id),
    );
  }
  return ids;
}

/**
 * One `alerts.deliver` job per notification, all in one statement (pg-boss `insert` through the caller's
 * transaction). pg-boss silently skips jobs of a queue that does not exist, so the jobs are counted: a
 * notification is never stored without its job (the transaction fails whole instead).
 */
async function queueDeliveries(tx: Tx, notificationIds: readonly string[]): Promise<void> {
  const def = JOBS["alerts.deliver"];
  const jobs = notificationIds.map((notificationId) => ({ id: randomUUID(), name: def.name, data: def.schema.parse({ notificationId }) }));
  await getSender().insert(jobs, { db: prismaExecutor(tx) });
  const [row] = await tx.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from ${PG_BOSS_SCHEMA}.job where name = $1 and id = any($2::uuid[])`,
    def.name,
    jobs.map((j) => j.id),
  );
  const queued = Number(row?.n ?? 0);
  if (queued !== jobs.length)
    throw new Error(
      `${def.name}: ${jobs.length - queued} of ${jobs.length} delivery jobs not queued (job queue missing); notifications not stored`,
    );
}
