/**
 * REST shapes of the incidents endpoints (GET /incidents, GET /incidents/{id}, POST …/acknowledge and
 * …/resolve): dates as ISO 8601, the evidence and timeline as the app shows them, no delivery internals
 * beyond status and attempts.
 */
import { z } from "zod";

import type { getIncident, listIncidents } from "@inboxwatch/alerting";
import { INCIDENT_PAGE_MAX, ZListIncidents } from "@inboxwatch/alerting";

const iso = () => z.string().describe("ISO 8601");
const ZSeverity = z.enum(["critical", "warning", "info"]);
const ZStatus = z.enum(["open", "acknowledged", "resolved"]);

export const ZIncidentSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: ZStatus,
  severity: ZSeverity,
  ruleId: z.string().nullable(),
  scope: z.object({ type: z.string(), id: z.string().nullable(), key: z.string() }),
  flapping: z.boolean(),
  lastValue: z.number().nullable(),
  openedAt: iso(),
  acknowledgedAt: iso().nullable(),
  resolvedAt: iso().nullable(),
  assigneeId: z.string().nullable(),
  mutedByMaintenance: z.object({ id: z.string(), name: z.string(), endsAt: iso() }).nullable(),
});

export const ZIncidentListResponse = z.object({
  items: z.array(ZIncidentSummary),
  counts: z.object({
    open: z.number().int(),
    acknowledged: z.number().int(),
    resolved: z.number().int(),
    critical: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
  }),
  nextCursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page"),
});

export const ZIncidentResponse = ZIncidentSummary.extend({
  evidence: z
    .object({ summary: z.string(), value: z.number().nullable(), threshold: z.number().nullable(), volume: z.number() })
    .describe("The latest evaluation's evidence"),
  rule: z.object({ id: z.string(), name: z.string(), runbookUrl: z.string().nullable() }).nullable(),
  timeline: z.array(z.object({ type: z.string(), at: iso(), actor: z.string(), body: z.string().nullable() })),
  notifications: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      event: z.string(),
      status: z.string(),
      attempts: z.number().int(),
      lastStatusCode: z.number().int().nullable(),
    }),
  ),
});

export const ZIncidentActionResponse = z.object({ incident: ZIncidentResponse });

type Summary = Awaited<ReturnType<typeof listIncidents>>["items"][number];
type Detail = Awaited<ReturnType<typeof getIncident>>;

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toIncidentSummary(i: Summary | Detail): z.infer<typeof ZIncidentSummary> {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    severity: i.severity,
    ruleId: i.ruleId,
    scope: { type: i.scopeType, id: i.scopeId, key: i.scopeKey },
    flapping: i.flapping,
    lastValue: i.lastValue,
    openedAt: i.openedAt.toISOString(),
    acknowledgedAt: isoOrNull(i.acknowledgedAt),
    resolvedAt: isoOrNull(i.resolvedAt),
    assigneeId: i.assigneeId,
    mutedByMaintenance: i.mutedBy ? { id: i.mutedBy.id, name: i.mutedBy.name, endsAt: i.mutedBy.endsAt.toISOString() } : null,
  };
}

export function toIncidentResponse(i: Detail): z.infer<typeof ZIncidentResponse> {
  const e = i.evidence as Partial<Detail["evidence"]> | null;
  return {
    ...toIncidentSummary(i),
    evidence: { summary: e?.summary ?? "", value: e?.value ?? null, threshold: e?.threshold ?? null, volume: e?.volume ?? 0 },
    rule: i.rule ? { id: i.rule.id, name: i.rule.name, runbookUrl: i.rule.runbookUrl } : null,
    timeline: i.timeline.map((t) => ({ type: t.type, at: t.at.toISOString(), actor: t.actorLabel, body: t.body })),
    notifications: i.deliveries.map((d) => ({
      id: d.id,
      channel: d.channel.name,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
    })),
  };
}

/**
 * ?status=current|open|acknowledged|resolved|active|all&severity=…&limit=1..100&cursor=<id>; null with the
 * issues when invalid. Without ?status the REST list stays "all", as it was before the app's default
 * became "current": scripts that page through history keep working.
 */
export function parseIncidentQuery(url: URL): { ok: true; query: z.infer<typeof ZListIncidents> } | { ok: false; message: string } {
  const raw: Record<string, unknown> = {};
  for (const key of ["status", "severity", "cursor"] as const) {
    const v = url.searchParams.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  raw.status ??= "all";
  const limit = url.searchParams.get("limit");
  if (limit !== null && limit !== "") raw.limit = Number(limit);
  const parsed = ZListIncidents.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") || `limit is 1 to ${INCIDENT_PAGE_MAX}`,
  };
}
