/**
 * Evaluation of a batch of organizations' rules: load rules, state, open incidents, maintenance windows and
 * the inputs; run the pure evaluator and reducer; then ONE transaction writes every incident change of the
 * batch with its timeline, its Notification rows with their delivery jobs and the rules' new states
 * (evaluate-apply.ts). A crash before that commit leaves the old states, so the next run redoes the same
 * decisions.
 */
import { type OrgContext, type SystemContext } from "@inboxwatch/services";

import {
  type MaintenanceWindow,
  type OpenIncident,
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
} from "../engine/index.ts";
import { type IncidentChange, type PlannedAction, writeEvaluation } from "./evaluate-apply.ts";
import { type QuietIncidentUpdate, type QuietState } from "./evaluate-writes.ts";
import { type InputIndex, loadInputs } from "./inputs.ts";
import { toAlertRule } from "../rules/rules.ts";

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

/** One organization of an evaluation batch: all its enabled rules, or only `ruleIds`. */
export interface OrgEvaluation {
  orgId: string;
  ruleIds?: readonly string[] | undefined;
}

/** Evaluates one organization's enabled rules (all, or only `ruleIds`) now or at `now`. */
export async function evaluateRules(ctx: OrgContext, input: { ruleIds?: string[]; now?: number } = {}): Promise<EvaluationSummary> {
  return evaluateOrganizations(ctx, {
    orgs: [{ orgId: ctx.orgId, ruleIds: input.ruleIds }],
    ...(input.now === undefined ? {} : { now: input.now }),
  });
}

/**
 * Evaluates a batch of organizations with set-based reads: one query each for the rules, organizations,
 * open incidents and maintenance windows of the whole batch, one per input kind (inputs.ts); then ONE
 * transaction of multi-row statements writes the rules' states and every incident change with its timeline
 * and notifications (evaluate-apply.ts).
 */
export async function evaluateOrganizations(
  ctx: SystemContext,
  input: { orgs: readonly OrgEvaluation[]; now?: number },
): Promise<EvaluationSummary> {
  const { db } = ctx;
  const now = input.now ?? Date.now();
  const summary: EvaluationSummary = { evaluated: 0, opened: 0, updated: 0, resolved: 0, notifications: 0 };
  if (input.orgs.length === 0) return summary;
  const orgIds = [...new Set(input.orgs.map((o) => o.orgId))];
  const wanted = new Map(input.orgs.map((o) => [o.orgId, o.ruleIds ? new Set(o.ruleIds) : null]));
  const rows = (
    await db.alertRule.findMany({
      where: { orgId: { in: orgIds }, enabled: true },
      select: { id: true, orgId: true, enabled: true, definition: true, state: true },
      orderBy: { id: "asc" },
    })
  ).filter((r) => {
    const ids = wanted.get(r.orgId);
    return ids === null || ids === undefined || ids.has(r.id);
  });
  if (rows.length === 0) return summary;
  const rulesByOrg = new Map<string, { rule: TAlertRule; stored: unknown }[]>();
  for (const r of rows) {
    const list = rulesByOrg.get(r.orgId) ?? [];
    list.push({ rule: toAlertRule(r), stored: r.state });
    rulesByOrg.set(r.orgId, list);
  }
  const batchOrgIds = [...rulesByOrg.keys()];
  const at = new Date(now);

  const [orgRows, openRows, windowRows, inputs] = await Promise.all([
    db.organization.findMany({ where: { id: { in: batchOrgIds } }, select: { id: true, slug: true } }),
    db.incident.findMany({
      where: { orgId: { in: batchOrgIds }, status: { not: "resolved" }, ruleId: { in: rows.map((r) => r.id) } },
      select: {
        id: true,
        orgId: true,
        ruleId: true,
        scopeKey: true,
        scopeType: true,
        scopeId: true,
        status: true,
        severity: true,
        openedAt: true,
      },
    }),
    db.maintenanceWindow.findMany({ where: { orgId: { in: batchOrgIds }, endsAt: { gt: at }, startsAt: { lte: at } } }),
    loadInputs(ctx, { rulesByOrg: new Map([...rulesByOrg].map(([o, list]) => [o, list.map((r) => r.rule)])), now }),
  ]);
  const slugs = new Map(orgRows.map((o) => [o.id, o.slug]));
  const open = new Map<string, OpenIncident & { scope: TAlertScope }>();
  const openScopes = new Map<string, string[]>();
  for (const i of openRows) {
    if (i.ruleId === null || i.status === "resolved") continue;
    open.set(`${i.ruleId}|${i.scopeKey}`, {
      id: i.id,
      ruleId: i.ruleId,
      status: i.status,
      severity: i.severity,
      openedAt: i.openedAt.getTime(),
      scope: scopeOf(i.scopeType, i.scopeId),
    });
    // Scope keys with an open incident, by rule: a per-subject rule evaluates those subjects even unobserved.
    const keys = openScopes.get(i.ruleId) ?? [];
    keys.push(i.scopeKey);
    openScopes.set(i.ruleId, keys);
  }
  const windowsByOrg = new Map<string, MaintenanceWindow[]>();
  for (const w of windowRows) {
    const list = windowsByOrg.get(w.orgId) ?? [];
    list.push({ id: w.id, scope: scopeOf(w.scopeType, w.scopeId), startsAt: w.startsAt.getTime(), endsAt: w.endsAt.getTime() });
    windowsByOrg.set(w.orgId, list);
  }

  const quietStates: QuietState[] = [];
  const quietUpdates: QuietIncidentUpdate[] = [];
  const changes: IncidentChange[] = [];
  for (const [orgId, rules] of rulesByOrg) {
    const orgSlug = slugs.get(orgId);
    const index = inputs.get(orgId);
    // An organization deleted since its job was queued: nothing to evaluate.
    if (orgSlug === undefined || index === undefined) continue;
    const windows = windowsByOrg.get(orgId) ?? [];
    for (const { rule, stored } of rules) {
      const plan = judgesPerSubject(rule.condition)
        ? planPerSubject(rule, stored, index, open, openScopes, windows, now)
        : planWhole(rule, stored, index, open, windows, now);
      summary.evaluated++;
      if (plan.actions.length === 0) {
        if (plan.stateChanged) quietStates.push({ id: rule.id, orgId, state: plan.nextState });
        continue;
      }
      // Still firing, nobody to tell, nothing for the timeline: written in bulk below, not one transaction each.
      const loud = plan.actions.filter((a) => !isQuietUpdate(a));
      for (const a of plan.actions)
        if (isQuietUpdate(a) && a.current)
          quietUpdates.push({ id: a.current.id, orgId, severity: a.action.severity, value: a.action.value, evidence: a.action.evidence });
      if (loud.length === 0) quietStates.push({ id: rule.id, orgId, state: plan.nextState });
      for (const a of loud) changes.push({ orgId, orgSlug, rule, nextState: plan.nextState, now, ...a });
    }
  }
  // Every write of the batch in one transaction: rule states, still-firing incidents, and the incident
  // changes with their timelines, notifications and jobs (evaluate-apply.ts). A retry after a failure redoes
  // only what is left (evaluation is idempotent: an applied change is not planned again).
  const applied = await writeEvaluation(ctx, { changes, quietStates, quietUpdates, at });
  summary.opened += applied.opened;
  summary.updated += applied.updated;
  summary.resolved += applied.resolved;
  summary.notifications += applied.notifications;
  summary.updated += quietUpdates.length;
  return summary;
}

interface RulePlan {
  actions: PlannedAction[];
  /** The rule's whole stored state after this evaluation (written with each action, or alone). */
  nextState: unknown;
  stateChanged: boolean;
}

type OpenByKey = ReadonlyMap<string, OpenIncident & { scope: TAlertScope }>;

/** A rule judged on its scope as a whole (series, occurrences): one evaluation, at most one incident. */
function planWhole(
  rule: TAlertRule,
  stored: unknown,
  inputs: InputIndex,
  open: OpenByKey,
  windows: readonly MaintenanceWindow[],
  now: number,
): RulePlan {
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
function planPerSubject(
  rule: TAlertRule,
  stored: unknown,
  inputs: InputIndex,
  open: OpenByKey,
  openScopes: ReadonlyMap<string, readonly string[]>,
  windows: readonly MaintenanceWindow[],
  now: number,
): RulePlan {
  const ruleKey = scopeKey(rule.scope);
  const input = inputs.inputFor(rule);
  const groups = groupBySubject(input.kind === "events" ? input.events : [], ruleKey);
  const before = isSubjectStates(stored) ? stored.subjects : {};
  const keys = new Set([...groups.keys(), ...Object.keys(before)]);
  for (const k of openScopes.get(rule.id) ?? []) keys.add(k);
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
  const stateChanged =
    Object.keys(before).length !== Object.keys(after).length ||
    Object.entries(after).some(([k, v]) => !before[k] || !sameState(before[k], v));
  return { actions, nextState, stateChanged };
}

/** An update that only refreshes the incident's value and evidence: no notification, no timeline row. */
function isQuietUpdate(a: PlannedAction): a is PlannedAction & { action: { type: "update" } } {
  return (
    a.action.type === "update" &&
    !a.action.notify &&
    (a.action.reason === "still_firing" || a.action.reason === "maintenance") &&
    a.current !== null
  );
}

function isRuleState(v: unknown): v is RuleState {
  return v !== null && typeof v === "object" && "changes" in v;
}

function isSubjectStates(v: unknown): v is SubjectRuleStates {
  return v !== null && typeof v === "object" && "subjects" in v;
}

/** Organizations with at least one enabled rule, for the periodic sweep. */
export async function listOrgsWithRules(ctx: SystemContext): Promise<string[]> {
  const rows = await ctx.db.alertRule.findMany({ where: { enabled: true }, select: { orgId: true }, distinct: ["orgId"] });
  return rows.map((r) => r.orgId);
}

/** Scopes that contain `scope`, for maintenance: a window on a server mutes its ports (`<serverId>:<port>`). */
function enclosingScopes(scope: TAlertRule["scope"]): TAlertRule["scope"][] {
  if (scope.type !== "port") return [];
  const serverId = scope.id.slice(0, scope.id.lastIndexOf(":"));
  return serverId ? [{ type: "server", id: serverId }] : [];
}
