/**
 * Incidents as people handle them: list with filters and counts, the detail with its timeline and
 * delivery log, acknowledge, assign, comment, resolve. Every change writes a timeline row and an audit row
 * in one transaction.
 */
import { z } from "zod";

import { type Prisma, type Tx } from "@inboxwatch/db";
import { actorId, NotFoundError, inTx, type OrgContext, readJson, ValidationError } from "@inboxwatch/services";
import { recordAudit } from "@inboxwatch/services/audit";

import { type TAlertScope, ZAlertRuleDraft, ZEvidence } from "../engine/index.ts";
import { listDeliveries } from "../notifications/channels.ts";
import { activeMaintenanceLookup } from "../rules/maintenance.ts";
import { queueIncidentNotifications } from "../notifications/notify.ts";

/** Incidents per list page. */
export const INCIDENT_PAGE_MAX = 100;
/** A comment is a note, not a document. */
export const INCIDENT_COMMENT_MAX_CHARS = 4000;

/**
 * How long a resolved incident stays in the default ("current") list: an incident that flapped or
 * resolved overnight must still be seen by the person who opens the page in the morning.
 */
export const INCIDENT_RECENTLY_RESOLVED_MS = 24 * 3600_000;

export const ZListIncidents = z.object({
  /** "current" (the default): open, acknowledged, or resolved within INCIDENT_RECENTLY_RESOLVED_MS. */
  status: z.enum(["current", "open", "acknowledged", "resolved", "active", "all"]).default("current"),
  severity: z.enum(["critical", "warning", "info"]).optional(),
  limit: z.number().int().min(1).max(INCIDENT_PAGE_MAX).default(50),
  /** Keyset cursor: the id of the last incident of the previous page. */
  cursor: z.string().min(1).max(40).optional(),
});

const listSelect = {
  id: true,
  ruleId: true,
  scopeKey: true,
  scopeType: true,
  scopeId: true,
  status: true,
  severity: true,
  title: true,
  flapping: true,
  openedAt: true,
  acknowledgedAt: true,
  resolvedAt: true,
  assigneeId: true,
  lastValue: true,
  updatedAt: true,
} as const satisfies Prisma.IncidentSelect;

function incidentStatusFilter(status: z.infer<typeof ZListIncidents>["status"], now: Date): Prisma.IncidentWhereInput {
  switch (status) {
    case "current":
      return { OR: [{ status: { not: "resolved" } }, { resolvedAt: { gte: new Date(now.getTime() - INCIDENT_RECENTLY_RESOLVED_MS) } }] };
    case "active":
      return { status: { not: "resolved" } };
    case "all":
      return {};
    default:
      return { status };
  }
}

export async function listIncidents(ctx: OrgContext, input: z.input<typeof ZListIncidents> = {}) {
  const q = ZListIncidents.parse(input);
  const status = incidentStatusFilter(q.status, new Date());
  const where: Prisma.IncidentWhereInput = { orgId: ctx.orgId, ...status, ...(q.severity ? { severity: q.severity } : {}) };
  const [items, grouped, mutedBy] = await Promise.all([
    ctx.db.incident.findMany({
      where,
      select: listSelect,
      orderBy: [{ openedAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    }),
    ctx.db.incident.groupBy({ by: ["status", "severity"], where: { orgId: ctx.orgId }, _count: { _all: true } }),
    activeMaintenanceLookup(ctx),
  ]);
  const counts = { open: 0, acknowledged: 0, resolved: 0, critical: 0, warning: 0, info: 0 };
  for (const g of grouped) {
    counts[g.status] += g._count._all;
    if (g.status !== "resolved") counts[g.severity] += g._count._all;
  }
  const hasMore = items.length > q.limit;
  const page = hasMore ? items.slice(0, q.limit) : items;
  // A resolved incident is history: only active ones are "muted by maintenance" now.
  const marked = page.map((i) => ({ ...i, mutedBy: i.status === "resolved" ? null : mutedBy(i) }));
  return { items: marked, counts, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null };
}

async function getIncidentRow(ctx: OrgContext, id: string) {
  const row = await ctx.db.incident.findFirst({ where: { id, orgId: ctx.orgId } });
  if (!row) throw new NotFoundError("Incident");
  return row;
}

export async function getIncident(ctx: OrgContext, input: { id: string }) {
  const row = await getIncidentRow(ctx, input.id);
  const [events, rule, deliveries, assignee, mutedBy] = await Promise.all([
    ctx.db.incidentEvent.findMany({ where: { orgId: ctx.orgId, incidentId: row.id }, orderBy: { at: "asc" } }),
    row.ruleId
      ? ctx.db.alertRule.findFirst({ where: { id: row.ruleId, orgId: ctx.orgId }, select: { id: true, name: true, definition: true } })
      : null,
    listDeliveries(ctx, { incidentId: row.id }),
    row.assigneeId
      ? ctx.db.user.findFirst({
          where: { id: row.assigneeId, memberships: { some: { orgId: ctx.orgId } } },
          select: { id: true, email: true, name: true },
        })
      : null,
    activeMaintenanceLookup(ctx),
  ]);
  const definition = rule ? readJson(ZAlertRuleDraft, rule.definition, `AlertRule ${rule.id}.definition`) : null;
  return {
    ...row,
    evidence: readJson(ZEvidence, row.evidence, `Incident ${row.id}.evidence`),
    rule:
      rule && definition
        ? {
            id: rule.id,
            name: rule.name,
            runbookUrl: definition.runbookUrl ?? null,
            condition: definition.condition,
            minVolume: definition.minVolume,
            forMinutes: definition.forMinutes,
          }
        : null,
    assignee,
    timeline: events,
    deliveries,
    mutedBy: row.status === "resolved" ? null : mutedBy(row),
  };
}

function actorFields(ctx: OrgContext) {
  return { actorId: actorId(ctx.actor), actorLabel: ctx.actor.label };
}

export async function acknowledgeIncident(ctx: OrgContext, input: { id: string }) {
  const row = await getIncidentRow(ctx, input.id);
  if (row.status !== "open")
    throw new ValidationError(row.status === "resolved" ? "This incident is resolved" : "This incident is already acknowledged");
  await ctx.db.$transaction(async (tx) => {
    await tx.incident.update({ where: { id: row.id, orgId: ctx.orgId }, data: { status: "acknowledged", acknowledgedAt: new Date() } });
    await tx.incidentEvent.create({ data: { orgId: ctx.orgId, incidentId: row.id, type: "acked", ...actorFields(ctx) } });
    await recordAudit(inTx(ctx, tx), { action: "alerts.incident.acknowledge", targetType: "Incident", targetId: row.id });
  });
  return { id: row.id };
}

export async function assignIncident(ctx: OrgContext, input: { id: string; assigneeId: string | null }) {
  const row = await getIncidentRow(ctx, input.id);
  let label = "nobody";
  if (input.assigneeId !== null) {
    const member = await ctx.db.membership.findFirst({
      where: { orgId: ctx.orgId, userId: input.assigneeId },
      select: { user: { select: { email: true } } },
    });
    if (!member) throw new ValidationError("The assignee must be a member of this organization");
    label = member.user.email;
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.incident.update({ where: { id: row.id, orgId: ctx.orgId }, data: { assigneeId: input.assigneeId } });
    await tx.incidentEvent.create({
      data: { orgId: ctx.orgId, incidentId: row.id, type: "assigned", body: `Assigned to ${label}`, ...actorFields(ctx) },
    });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.incident.assign",
      targetType: "Incident",
      targetId: row.id,
      metadata: { assigneeId: input.assigneeId },
    });
  });
  return { id: row.id };
}

export async function commentIncident(ctx: OrgContext, input: { id: string; body: string }) {
  const body = input.body.trim();
  if (!body || body.length > INCIDENT_COMMENT_MAX_CHARS)
    throw new ValidationError(`A comment has 1 to ${INCIDENT_COMMENT_MAX_CHARS} characters`);
  const row = await getIncidentRow(ctx, input.id);
  return ctx.db.$transaction(async (tx) => {
    const event = await tx.incidentEvent.create({
      data: { orgId: ctx.orgId, incidentId: row.id, type: "commented", body, ...actorFields(ctx) },
    });
    await recordAudit(inTx(ctx, tx), { action: "alerts.incident.comment", targetType: "Incident", targetId: row.id });
    return event;
  });
}

/** Resolves by hand and tells the rule's channels (PagerDuty resolves its alert). Still firing → a new incident opens later. */
export async function resolveIncident(ctx: OrgContext, input: { id: string }) {
  const row = await getIncidentRow(ctx, input.id);
  if (row.status === "resolved") throw new ValidationError("This incident is already resolved");
  const [org, rule] = await Promise.all([
    ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true } }),
    row.ruleId ? ctx.db.alertRule.findFirst({ where: { id: row.ruleId, orgId: ctx.orgId }, select: { id: true, definition: true } }) : null,
  ]);
  await ctx.db.$transaction(async (tx: Tx) => {
    await tx.incident.update({ where: { id: row.id, orgId: ctx.orgId }, data: { status: "resolved", resolvedAt: new Date() } });
    await tx.incidentEvent.create({
      data: { orgId: ctx.orgId, incidentId: row.id, type: "resolved", body: "Resolved by hand", ...actorFields(ctx) },
    });
    await recordAudit(inTx(ctx, tx), { action: "alerts.incident.resolve", targetType: "Incident", targetId: row.id });
    if (rule) {
      const d = readJson(ZAlertRuleDraft, rule.definition, `AlertRule ${rule.id}.definition`);
      const scope: TAlertScope =
        row.scopeType === "organization" ? { type: "organization" } : ({ type: row.scopeType, id: row.scopeId ?? "" } as TAlertScope);
      await queueIncidentNotifications(inTx(ctx, tx), {
        orgId: ctx.orgId,
        orgSlug: org.slug,
        incidentId: row.id,
        event: "incident.resolved",
        rule: { id: rule.id, name: d.name, channelIds: d.channelIds, ...(d.runbookUrl ? { runbookUrl: d.runbookUrl } : {}) },
        severity: row.severity,
        scope,
        scopeLabel: row.scopeKey,
        value: row.lastValue,
        evidence: { ...readJson(ZEvidence, row.evidence, `Incident ${row.id}.evidence`), summary: `Resolved by ${ctx.actor.label}` },
        occurredAt: Date.now(),
      });
    }
  });
  return { id: row.id };
}
