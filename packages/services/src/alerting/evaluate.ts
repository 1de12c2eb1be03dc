/**
 * Evaluation of an organization's rules: load rules, state, open incidents, maintenance windows and the
 * inputs; run the pure evaluator and reducer; then, per rule that changed something, ONE transaction
 * writes the incident change, its timeline, its Notification rows with their delivery jobs and the rule's
 * new state. A crash before that commit leaves the old state, so the next run redoes the same decision.
 */
import { type Db, type Prisma } from "@inboxwatch/db";

import {
  type IncidentAction,
  type MaintenanceWindow,
  type OpenIncident,
  type RuleEvaluation,
  type RuleState,
  type TAlertRule,
  type TAlertScope,
  evaluateRule,
  initialRuleState,
  reduceIncident,
  scopeKey,
} from "../alerts/index.ts";
import { isUniqueViolation } from "../errors.ts";
import { loadInputs } from "./inputs.ts";
import { queueIncidentNotifications } from "./notify.ts";
import { toAlertRule } from "./rules.ts";

const SYSTEM_ACTOR_LABEL = "alert evaluator";
/** Incident transactions of one evaluation run at once: enough to absorb a burst, few enough for the pool. */
const APPLY_PARALLEL = 4;

export interface EvaluationSummary {
  evaluated: number;
  opened: number;
  updated: number;
  resolved: number;
  notifications: number;
}

function scopeOf(type: string, id: string | null): TAlertScope {
  return type === "organization" ? { type: "organization" } : ({ type, id: id ?? "" } as TAlertScope);
}

function scopeLabel(scope: TAlertScope): string {
  return scope.type === "organization" ? "Organization" : `${scope.type} ${scope.id}`;
}

function sameState(a: RuleState, b: RuleState): boolean {
  return (
    a.conditionMet === b.conditionMet &&
    a.pendingSince === b.pendingSince &&
    a.firingSince === b.firingSince &&
    a.clearingSince === b.clearingSince &&
    a.changes.length === b.changes.length &&
    a.changes.every((t, i) => t === b.changes[i])
  );
}

export async function evaluateRules(db: Db, input: { orgId: string; ruleIds?: string[]; now?: number }): Promise<EvaluationSummary> {
  const now = input.now ?? Date.now();
  const { orgId } = input;
  const summary: EvaluationSummary = { evaluated: 0, opened: 0, updated: 0, resolved: 0, notifications: 0 };
  const rows = await db.alertRule.findMany({
    where: { orgId, enabled: true, ...(input.ruleIds ? { id: { in: input.ruleIds } } : {}) },
    select: { id: true, enabled: true, definition: true, state: true },
  });
  if (rows.length === 0) return summary;
  const rules = rows.map((r) => ({ rule: toAlertRule(r), state: (r.state as RuleState | null) ?? initialRuleState() }));

  const [org, openRows, windowRows, inputs] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } }),
    db.incident.findMany({
      where: { orgId, status: { not: "resolved" }, ruleId: { in: rows.map((r) => r.id) } },
      select: { id: true, ruleId: true, scopeKey: true, status: true, severity: true, openedAt: true },
    }),
    db.maintenanceWindow.findMany({ where: { orgId, endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } }),
    loadInputs(db, orgId, rules.map((r) => r.rule), now),
  ]);
  const open = new Map<string, OpenIncident>();
  for (const i of openRows) {
    if (i.ruleId === null || i.status === "resolved") continue;
    open.set(`${i.ruleId}|${i.scopeKey}`, { id: i.id, ruleId: i.ruleId, status: i.status, severity: i.severity, openedAt: i.openedAt.getTime() });
  }
  const windows: MaintenanceWindow[] = windowRows.map((w) => ({ id: w.id, scope: scopeOf(w.scopeType, w.scopeId), startsAt: w.startsAt.getTime(), endsAt: w.endsAt.getTime() }));

  const quietStates: { id: string; state: RuleState }[] = [];
  const changes: ApplyInput[] = [];
  for (const { rule, state } of rules) {
    const evaluation = evaluateRule(rule, inputs.inputFor(rule), state, now);
    summary.evaluated++;
    const current = open.get(`${rule.id}|${scopeKey(rule.scope)}`) ?? null;
    const action = reduceIncident(current, evaluation, now, windows, enclosingScopes(rule.scope));
    if (action.type === "none") {
      if (!sameState(state, evaluation.nextState)) quietStates.push({ id: rule.id, state: evaluation.nextState });
      continue;
    }
    changes.push({ orgId, orgSlug: org.slug, rule, evaluation, action, current, now });
  }
  // One transaction per changed rule (its incident, timeline and notifications commit together); a few at
  // once, so a burst of incidents in one organization is not written strictly one after the other.
  for (let i = 0; i < changes.length; i += APPLY_PARALLEL) {
    for (const applied of await Promise.all(changes.slice(i, i + APPLY_PARALLEL).map((c) => applyAction(db, c)))) {
      if (!applied) continue;
      summary[applied.kind]++;
      summary.notifications += applied.notifications;
    }
  }

  // Rules that changed nothing but their memory: one transaction for all of them.
  if (quietStates.length > 0) {
    await db.$transaction(
      quietStates.map((q) => db.alertRule.update({ where: { id: q.id, orgId }, data: { state: q.state as unknown as Prisma.InputJsonObject, lastEvaluatedAt: new Date(now) } })),
    );
  }
  return summary;
}

interface ApplyInput {
  orgId: string;
  orgSlug: string;
  rule: TAlertRule;
  evaluation: RuleEvaluation;
  action: Exclude<IncidentAction, { type: "none" }>;
  current: OpenIncident | null;
  now: number;
}

async function applyAction(db: Db, a: ApplyInput): Promise<{ kind: "opened" | "updated" | "resolved"; notifications: number } | null> {
  const { orgId, rule, evaluation, action, now } = a;
  const at = new Date(now);
  const evidence = action.evidence as unknown as Prisma.InputJsonObject;
  const notifyBase = {
    orgId,
    orgSlug: a.orgSlug,
    rule: { id: rule.id, name: rule.name, channelIds: rule.channelIds, ...(rule.runbookUrl ? { runbookUrl: rule.runbookUrl } : {}) },
    scope: rule.scope,
    scopeLabel: scopeLabel(rule.scope),
    value: action.value,
    evidence: action.evidence,
    occurredAt: now,
  };
  try {
    return await db.$transaction(async (tx) => {
      await tx.alertRule.update({ where: { id: rule.id, orgId }, data: { state: evaluation.nextState as unknown as Prisma.InputJsonObject, lastEvaluatedAt: at } });
      const actor = { actorLabel: SYSTEM_ACTOR_LABEL, at };
      if (action.type === "open") {
        const incident = await tx.incident.create({
          data: {
            orgId,
            ruleId: rule.id,
            scopeKey: scopeKey(rule.scope),
            scopeType: rule.scope.type,
            scopeId: rule.scope.type === "organization" ? null : rule.scope.id,
            severity: action.severity,
            title: rule.name,
            flapping: action.flapping,
            openedAt: at,
            lastValue: action.value,
            evidence,
          },
        });
        await tx.incidentEvent.create({ data: { orgId, incidentId: incident.id, type: "fired", body: action.evidence.summary, ...actor } });
        const ids = await queueIncidentNotifications(tx, { ...notifyBase, incidentId: incident.id, event: "incident.opened", severity: action.severity });
        return { kind: "opened", notifications: ids.length };
      }
      const current = a.current;
      if (current === null) return null;
      if (action.type === "update") {
        await tx.incident.update({
          where: { id: current.id, orgId },
          data: { severity: action.severity, lastValue: action.value, evidence, ...(action.reason === "flapping" ? { flapping: true } : {}) },
        });
        // "still firing" every minute would drown the timeline: only changes that mean something are logged.
        if (action.reason === "escalated" || (action.reason === "flapping" && evaluation.flapping)) {
          await tx.incidentEvent.create({ data: { orgId, incidentId: current.id, type: "updated", body: `${action.reason}: ${action.evidence.summary}`, ...actor } });
        }
        const ids = action.notify ? await queueIncidentNotifications(tx, { ...notifyBase, incidentId: current.id, event: "incident.updated", severity: action.severity }) : [];
        return { kind: "updated", notifications: ids.length };
      }
      await tx.incident.update({ where: { id: current.id, orgId }, data: { status: "resolved", resolvedAt: at, lastValue: action.value, evidence } });
      await tx.incidentEvent.create({ data: { orgId, incidentId: current.id, type: "resolved", body: action.evidence.summary, ...actor } });
      const ids = action.notify ? await queueIncidentNotifications(tx, { ...notifyBase, incidentId: current.id, event: "incident.resolved", severity: current.severity }) : [];
      return { kind: "resolved", notifications: ids.length };
    });
  } catch (err) {
    // A concurrent evaluation opened the same incident first (partial unique index): its run wins, ours
    // rolled back whole, and the next evaluation sees the open incident.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Organizations with at least one enabled rule, for the periodic sweep. */
export async function listOrgsWithRules(db: Db): Promise<string[]> {
  const rows = await db.alertRule.findMany({ where: { enabled: true }, select: { orgId: true }, distinct: ["orgId"] });
  return rows.map((r) => r.orgId);
}

/** Scopes that contain `scope`, for maintenance: a window on a server mutes its ports (`<serverId>:<port>`). */
function enclosingScopes(scope: TAlertRule["scope"]): TAlertRule["scope"][] {
  if (scope.type !== "port") return [];
  const serverId = scope.id.slice(0, scope.id.lastIndexOf(":"));
  return serverId ? [{ type: "server", id: serverId }] : [];
}
