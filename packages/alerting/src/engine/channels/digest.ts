/**
 * Digests: low-severity incident events routed to a channel's digest are collected and sent as ONE
 * message per channel and interval. A digest is an ordinary notification (same delivery job, retries,
 * delivery log, stable webhook-id) whose event is "incident.digest" and which carries the items.
 * PagerDuty takes no digests: its Events API pages per dedup key, so a summary of many incidents has no
 * meaning there — routing sends its events immediately instead (see `routeNotification`).
 */
import { SEVERITY_RANK, type TAlertSeverity } from "../rules/rule-schema.ts";
import {
  DIGEST_ITEM_SUMMARY_MAX_CHARS,
  DIGEST_MAX_ITEMS,
  type TAlertNotification,
  type TDigest,
  type TDigestItem,
} from "./notification.ts";

const EVENT_WORD = { "incident.opened": "opened", "incident.updated": "updated", "incident.resolved": "resolved" } as const;

/** "2026-11-27T12:00Z  WARNING opened  Bounce rate above 5% — domain example.com: 6.1% over 30 min" */
export function digestLine(item: TDigestItem): string {
  const at = new Date(item.occurredAt).toISOString().slice(0, 16);
  return `${at}Z  ${item.severity.toUpperCase()} ${EVENT_WORD[item.event]}  ${item.title} — ${item.scopeLabel}: ${item.summary}`;
}

export function digestHeading(d: TDigest): string {
  const span = `${new Date(d.since).toISOString().slice(0, 16)}Z – ${new Date(d.until).toISOString().slice(0, 16)}Z`;
  return `${d.total} alert event${d.total === 1 ? "" : "s"} · ${span}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface DigestNotificationInput {
  id: string;
  orgId: string;
  /** The incidents list page. */
  url: string;
  since: number;
  now: number;
  /** Oldest first; all the items claimed by this digest. */
  items: readonly TDigestItem[];
}

/** The digest as a notification: severity is the highest of its items; the evidence lines list the newest. */
export function buildDigestNotification(input: DigestNotificationInput): TAlertNotification {
  const listed = input.items.slice(-DIGEST_MAX_ITEMS).map((i) => ({ ...i, summary: clip(i.summary, DIGEST_ITEM_SUMMARY_MAX_CHARS) }));
  const severity = input.items.reduce<TAlertSeverity>(
    (top, i) => (SEVERITY_RANK[i.severity] > SEVERITY_RANK[top] ? i.severity : top),
    "info",
  );
  const digest: TDigest = { since: input.since, until: input.now, total: input.items.length, items: listed };
  const opened = input.items.filter((i) => i.event === "incident.opened").length;
  const resolved = input.items.filter((i) => i.event === "incident.resolved").length;
  return {
    id: input.id,
    event: "incident.digest",
    orgId: input.orgId,
    // Not one incident: a stable pseudo id, like the "Send test" notification's.
    incidentId: `digest-${input.id}`,
    ruleId: null,
    title: "Alert digest",
    severity,
    summary: `${digestHeading(digest)}: ${opened} opened, ${resolved} resolved.`,
    scope: { scope: { type: "organization" }, label: "Organization" },
    value: input.items.length,
    // Channels that know nothing of digests still show something sensible.
    evidence: listed.slice(-12).map((i) => clip(digestLine(i), 300)),
    url: input.url,
    occurredAt: input.now,
    digest,
  };
}
