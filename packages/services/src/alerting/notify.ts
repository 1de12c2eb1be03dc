/**
 * Queues the notifications of one incident event: routes it over the rule's channels, writes one
 * Notification row per immediate channel and its `alerts.deliver` job, and one AlertDigestItem per digest
 * channel — in the caller's transaction, so an
 * incident change and its notifications commit together (a crash in between cannot lose or double them).
 */
import { type Tx } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { DIGEST_ITEM_SUMMARY_MAX_CHARS, type Evidence, type TAlertScope, type TAlertSeverity, buildIncidentNotification, routeNotification } from "../alerts/index.ts";
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
    select: { id: true, kind: true, enabled: true, minSeverity: true, digestSeverities: true },
  });
  const { immediate, digest } = routeNotification(e.rule.channelIds, channels, e.severity, e.event);
  const url = incidentUrl(e.orgSlug, e.incidentId);
  // Digest severities are collected here and sent by the hourly `alerts.digest` job (digest.ts).
  if (digest.length > 0) {
    await tx.alertDigestItem.createMany({
      data: digest.map((channelId) => ({
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
      })),
    });
  }
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
      url,
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
