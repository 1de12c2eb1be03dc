/**
 * The notification every channel renders: one incident event, self-contained (channels never read the
 * database). Its `id` is the idempotency key of the delivery: the Standard Webhooks `webhook-id`, the
 * email Message-ID, and it stays the same across retries.
 */
import { z } from "zod";

import type { Evidence } from "../rules/conditions.ts";
import { ZAlertScope, ZAlertSeverity } from "../rules/rule-schema.ts";

/** Evidence lines carried in a notification; the full evidence lives on the incident page. */
export const NOTIFICATION_MAX_EVIDENCE_LINES = 12;
/** One evidence line, so a pasted transcript cannot blow up a chat message. */
export const NOTIFICATION_MAX_LINE_CHARS = 300;

// The digest part of a notification (event "incident.digest"): here with the notification it belongs to,
// so that digest.ts, which builds digests, depends on this module and not the other way round.
/** Items listed in one digest message; the rest are counted ("and 12 more"), the page lists them all. */
export const DIGEST_MAX_ITEMS = 50;
/** One item's summary in a digest: a line, not a paragraph. */
export const DIGEST_ITEM_SUMMARY_MAX_CHARS = 200;

export const ZDigestItem = z.object({
  incidentId: z.string().min(1),
  event: z.enum(["incident.opened", "incident.updated", "incident.resolved"]),
  severity: ZAlertSeverity,
  title: z.string().max(300),
  summary: z.string().max(DIGEST_ITEM_SUMMARY_MAX_CHARS),
  scopeLabel: z.string().max(300),
  url: z.url({ protocol: /^https?$/ }),
  occurredAt: z.number().int(),
});
export type TDigestItem = z.infer<typeof ZDigestItem>;

export const ZDigest = z.object({
  /** The period the digest covers (epoch ms): from the oldest item (or the previous digest) to now. */
  since: z.number().int(),
  until: z.number().int(),
  /** Items collected, including those not listed. */
  total: z.number().int().min(1),
  items: z.array(ZDigestItem).max(DIGEST_MAX_ITEMS),
});
export type TDigest = z.infer<typeof ZDigest>;

export const ZNotificationEvent = z.enum(["incident.opened", "incident.updated", "incident.resolved", "incident.digest", "test"]);
export type TNotificationEvent = z.infer<typeof ZNotificationEvent>;

export const ZAlertNotification = z.object({
  id: z.string().min(1).max(200),
  event: ZNotificationEvent,
  orgId: z.string().min(1),
  incidentId: z.string().min(1),
  ruleId: z.string().nullable(),
  /** The incident's title: the rule name, e.g. "Bounce rate above 5%", and for rules judged per subject the subject ("SMTP port down — mx1.example.com port 25"). */
  title: z.string().min(1).max(300),
  severity: ZAlertSeverity,
  summary: z.string().max(2000),
  scope: z.object({ scope: ZAlertScope, label: z.string().max(300) }),
  value: z.number().nullable(),
  evidence: z.array(z.string().max(NOTIFICATION_MAX_LINE_CHARS)).max(NOTIFICATION_MAX_EVIDENCE_LINES),
  /** Link to the incident page. */
  url: z.url({ protocol: /^https?$/ }),
  runbookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** When the incident event happened (epoch ms). */
  occurredAt: z.number().int(),
  /** Set on "incident.digest" only: the collected low-severity events (see digest.ts). */
  digest: ZDigest.optional(),
});
export type TAlertNotification = z.infer<typeof ZAlertNotification>;

function clip(line: string): string {
  return line.length <= NOTIFICATION_MAX_LINE_CHARS ? line : `${line.slice(0, NOTIFICATION_MAX_LINE_CHARS - 1)}…`;
}

/** Evidence → a few readable lines: the summary, then the newest points or observations. */
export function evidenceLines(evidence: Evidence): string[] {
  const lines = [evidence.summary];
  const room = NOTIFICATION_MAX_EVIDENCE_LINES - 1;
  for (const p of evidence.points.slice(-room))
    lines.push(`${new Date(p.at).toISOString()}  value ${Math.round(p.value * 100) / 100}  volume ${p.volume}`);
  for (const e of evidence.events.slice(-(room - Math.min(room, evidence.points.length)))) {
    lines.push(`${new Date(e.at).toISOString()}  ${e.type}${e.active ? "" : " (cleared)"}${e.detail ? `  ${e.detail}` : ""}`);
  }
  return lines.slice(0, NOTIFICATION_MAX_EVIDENCE_LINES).map(clip);
}

export interface IncidentNotificationInput {
  id: string;
  event: Exclude<TNotificationEvent, "test" | "incident.digest">;
  orgId: string;
  incidentId: string;
  rule: { id: string; name: string; runbookUrl?: string };
  severity: TAlertNotification["severity"];
  scope: TAlertNotification["scope"];
  value: number | null;
  evidence: Evidence;
  url: string;
  occurredAt: number;
}

export function buildIncidentNotification(input: IncidentNotificationInput): TAlertNotification {
  return {
    id: input.id,
    event: input.event,
    orgId: input.orgId,
    incidentId: input.incidentId,
    ruleId: input.rule.id,
    title: input.rule.name,
    severity: input.severity,
    summary: input.evidence.summary.slice(0, 2000),
    scope: input.scope,
    value: input.value,
    evidence: evidenceLines(input.evidence),
    url: input.url,
    ...(input.rule.runbookUrl ? { runbookUrl: input.rule.runbookUrl } : {}),
    occurredAt: input.occurredAt,
  };
}

/** "Send test": a harmless notification that exercises the channel end to end. */
export function buildTestNotification(input: { id: string; orgId: string; url: string; now: number }): TAlertNotification {
  return {
    id: input.id,
    event: "test",
    orgId: input.orgId,
    incidentId: `test-${input.id}`,
    ruleId: null,
    title: "Inboxwatch test notification",
    severity: "info",
    summary: "This is a test from Inboxwatch. If you can read it, this channel receives alerts.",
    scope: { scope: { type: "organization" }, label: "Organization" },
    value: null,
    evidence: ["No incident: this message was sent with “Send test”."],
    url: input.url,
    occurredAt: input.now,
  };
}
