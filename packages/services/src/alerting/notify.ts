/**
 * Queues the notifications of one incident event: routes it over the rule's channels, writes one
 * Notification row per immediate channel and its `alerts.deliver` job — in the caller's transaction, so an
 * incident change and its notifications commit together (a crash in between cannot lose or double them).
 */
import { type Tx } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { type Evidence, type TAlertScope, type TAlertSeverity, buildIncidentNotification, routeNotification } from "../alerts/index.ts";
import { incidentUrl, newNotificationId } from "./links.ts";

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

/** Returns the ids of the notifications queued (one per channel routed immediately). */
export async function queueIncidentNotifications(tx: Tx, e: IncidentEventToNotify): Promise<string[]> {
  if (e.rule.channelIds.length === 0) return [];
  const channels = await tx.alertChannel.findMany({
    where: { orgId: e.orgId, id: { in: [...e.rule.channelIds] } },
    select: { id: true, enabled: true, minSeverity: true, digestSeverities: true },
  });
  // Digest severities are collected, not sent one by one; the digest sender is not built yet, so they are
  // only excluded here (see the alerting README).
  const { immediate } = routeNotification(e.rule.channelIds, channels, e.severity, e.event);
  const ids: string[] = [];
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
      url: incidentUrl(e.orgSlug, e.incidentId),
      occurredAt: e.occurredAt,
    });
    await tx.notification.create({
      data: { id, orgId: e.orgId, incidentId: e.incidentId, channelId, event: e.event, payload },
    });
    await sendJob("alerts.deliver", { notificationId: id }, { tx });
    ids.push(id);
  }
  return ids;
}
