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
  type SubjectRuleStates,
  evaluateRule,
  groupBySubject,
  initialRuleState,
  isRestingState,
  judgesPerSubject,
  reduceIncident,
  scopeKey,
} from "../alerts/index.ts";
import { isUniqueViolation } from "../errors.ts";
import { type InputIndex, loadInputs } from "./inputs.ts";
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
  const rules = rows.map((r) => ({ rule: toAlertRule(r), stored: r.state }));

  const [org, openRows, windowRows, inputs] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } }),
    db.incident.findMany({
      where: { orgId, status: { not: "resolved" }, ruleId: { in: rows.map((r) => r.id) } },
      select: { id: true, ruleId: true, scopeKey: true, scopeType: true, scopeId: true, status: true, severity: true, openedAt: true },
    }),
    db.maintenanceWindow.findMany({ where: { orgId, endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } }),
    loadInputs(db, orgId, rules.map((r) => r.rule), now),
  ]);
  const open = new Map<string, OpenIncident & { scope: TAlertScope }>();
  for (const i of openRows) {
    if (i.ruleId === null || i.status === "resolved") continue;
    open.set(`${i.ruleId}|${i.scopeKey}`, { id: i.id, ruleId: i.ruleId, status: i.status, severity: i.severity, openedAt: i.openedAt.getTime(), scope: scopeOf(i.scopeType, i.scopeId) });
  }
  const windows: MaintenanceWindow[] = windowRows.map((w) => ({ id: w.id, scope: scopeOf(w.scopeType, w.scopeId), startsAt: w.startsAt.getTime(), endsAt: w.endsAt.getTime() }));

  const quietStates: { id: string; state: unknown }[] = [];
  const changes: ApplyInput[] = [];
  for (const { rule, stored } of rules) {
    const plan = judgesPerSubject(rule.condition) ? planPerSubject(rule, stored, inputs, open, windows, now) : planWhole(rule, stored, inputs, open, windows, now);
    summary.evaluated++;
    if (plan.actions.length === 0) {
      if (plan.stateChanged) quietStates.push({ id: rule.id, state: plan.nextState });
      continue;
    }
    for (const a of plan.actions) changes.push({ orgId, orgSlug: org.slug, rule, nextState: plan.nextState, now, ...a });
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
      quietStates.map((q) => db.alertRule.update({ where: { id: q.id, orgId }, data: { state: q.state as Prisma.InputJsonObject, lastEvaluatedAt: new Date(now) } })),
    );
  }
  return summary;
}

/** One incident change of a rule: for the rule's scope, or for one subject of a per-subject rule. */
interface PlannedAction {
  /** The incident's scope key and scope (the subject's, for per-subject rules). */
  key: string;
  scope: TAlertScope;
  /** Names the subject in the title ("SMTP port down — mx1.example.com port 25"); null for whole-scope rules. */
  subjectLabel: string | null;
  evaluation: RuleEvaluation;
  action: Exclude<IncidentAction, { type: "none" }>;
  current: OpenIncident | null;
}

interface RulePlan {
  actions: PlannedAction[];
  /** The rule's whole stored state after this evaluation (written with each action, or alone). */
  nextState: unknown;
  stateChanged: boolean;
}

type OpenByKey = ReadonlyMap<string, OpenIncident & { scope: TAlertScope }>;

/** A rule judged on its scope as a whole (series, occurrences): one evaluation, at most one incident. */
function planWhole(rule: TAlertRule, stored: unknown, inputs: InputIndex, open: OpenByKey, windows: readonly MaintenanceWindow[], now: number): RulePlan {
  const state = isRuleState(stored) ? stored : initialRuleState();
  const evaluation = evaluateRule(rule, inputs.inputFor(rule), state, now);
  const key = scopeKey(rule.scope);
  const current = open.get(`${rule.id}|${key}`) ?? null;
  const action = reduceIncident(current, evaluation, now, windows, enclosingScopes(rule.scope));
  const actions = action.type === "none" ? [] : [{ key, scope: rule.scope, subjectLabel: null, evaluation, action, current }];
  return { actions, nextState: evaluation.nextState, stateChanged: !sameState(state, evaluation.nextState) };
}

/**
 * A state rule judged per subject (subjects.ts): every subject observed, plus those with an open incident
 * or a remembered state (a deleted monitor's incident resolves once no observation holds it open).
 */
function planPerSubject(rule: TAlertRule, stored: unknown, inputs: InputIndex, open: OpenByKey, windows: readonly MaintenanceWindow[], now: number): RulePlan {
  const ruleKey = scopeKey(rule.scope);
  const input = inputs.inputFor(rule);
  const groups = groupBySubject(input.kind === "events" ? input.events : [], ruleKey);
  const before = isSubjectStates(stored) ? stored.subjects : {};
  const keys = new Set([...groups.keys(), ...Object.keys(before)]);
  for (const [k, i] of open) if (i.ruleId === rule.id) keys.add(k.slice(rule.id.length + 1));
  const after: Record<string, RuleState> = {};
  const actions: PlannedAction[] = [];
  for (const key of keys) {
    const state = before[key] ?? initialRuleState();
    const current = open.get(`${rule.id}|${key}`) ?? null;
    const info = inputs.subjects.get(key);
    const scope = info?.scope ?? current?.scope ?? (key === ruleKey ? rule.scope : null);
    if (scope === null) continue;
    const evaluation = evaluateRule({ ...rule, scope }, { kind: "events", events: groups.get(key) ?? [] }, state, now);
    if (!isRestingState(evaluation.nextState)) after[key] = evaluation.nextState;
    // Maintenance on the rule's own scope mutes its subjects too (a window on the server mutes its ports).
    const action = reduceIncident(current, evaluation, now, windows, [...enclosingScopes(scope), rule.scope]);
    if (action.type !== "none") actions.push({ key, scope, subjectLabel: info?.label ?? key, evaluation, action, current });
  }
  const nextState: SubjectRuleStates = { subjects: after };
  // Compared as stored (resting subjects pruned), so quiet subjects cost no write each minute.
  const stateChanged = Object.keys(before).length !== Object.keys(after).length || Object.entries(after).some(([k, v]) => !before[k] || !sameState(before[k], v));
  return { actions, nextState, stateChanged };
}

function isRuleState(v: unknown): v is RuleState {
  return v !== null && typeof v === "object" && "changes" in v;
}

function isSubjectStates(v: unknown): v is SubjectRuleStates {
  return v !== null && typeof v === "object" && "subjects" in v;
}

interface ApplyInput extends PlannedAction {
  orgId: string;
  orgSlug: string;
  rule: TAlertRule;
  nextState: unknown;
  now: number;
}

async function applyAction(db: Db, a: ApplyInput): Promise<{ kind: "opened" | "updated" | "resolved"; notifications: number } | null> {
  const { orgId, rule, action, now } = a;
  const at = new Date(now);
  const title = a.subjectLabel ? `${rule.name} — ${a.subjectLabel}` : rule.name;
  const evidence = action.evidence as unknown as Prisma.InputJsonObject;
  const notifyBase = {
    orgId,
    orgSlug: a.orgSlug,
    rule: { id: rule.id, name: rule.name, channelIds: rule.channelIds, ...(rule.runbookUrl ? { runbookUrl: rule.runbookUrl } : {}) },
    scope: a.scope,
    scopeLabel: a.subjectLabel ?? scopeLabel(a.scope),
    value: action.value,
    evidence: action.evidence,
    occurredAt: now,
  };
  try {
    return await db.$transaction(async (tx) => {
      await tx.alertRule.update({ where: { id: rule.id, orgId }, data: { state: a.nextState as Prisma.InputJsonObject, lastEvaluatedAt: at } });
      const actor = { actorLabel: SYSTEM_ACTOR_LABEL, at };
      if (action.type === "open") {
        const incident = await tx.incident.create({
          data: {
            orgId,
            ruleId: rule.id,
            scopeKey: a.key,
            scopeType: a.scope.type,
            scopeId: a.scope.type === "organization" ? null : a.scope.id,
            severity: action.severity,
            title,
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
        if (action.reason === "escalated" || (action.reason === "flapping" && a.evaluation.flapping)) {
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
