/**
 * Test helpers: synthetic inputs and a simulator that runs a rule over a timeline, applying the
 * reducer's actions to an in-memory incident, as the worker will do against the database.
 */
import type { AlertInput } from "./conditions.ts";
import { evaluateRule, type RuleEvaluation } from "./evaluate-rule.ts";
import { type IncidentAction, type OpenIncident, reduceIncident } from "./incident-reducer.ts";
import type { MaintenanceWindow } from "./maintenance.ts";
import { ZAlertRule, type TAlertRule } from "./rule-schema.ts";
import { initialRuleState } from "./rule-state.ts";

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const STEP_MS = 5 * 60_000;

/** "bad": the condition holds with ample volume; "good": it does not; "low": it holds on too little volume. */
export type Phase = "bad" | "good" | "low";

export function rule(input: Record<string, unknown>): TAlertRule {
  return ZAlertRule.parse({ id: "rule-1", name: "test rule", scope: { type: "domain", id: "example.com" }, severity: "warning", ...input });
}

export interface SimulationStep {
  at: number;
  phase: Phase;
  evaluation: RuleEvaluation;
  action: IncidentAction;
}

export function simulate(
  r: TAlertRule,
  input: (now: number, phase: Phase) => AlertInput,
  phases: Phase[],
  windows: MaintenanceWindow[] = [],
): SimulationStep[] {
  let state = initialRuleState();
  let open: OpenIncident | null = null;
  let opened = 0;
  const steps: SimulationStep[] = [];
  phases.forEach((phase, i) => {
    const now = T0 + i * STEP_MS;
    const evaluation = evaluateRule(r, input(now, phase), state, now);
    state = evaluation.nextState;
    const action = reduceIncident(open, evaluation, now, windows);
    if (action.type === "open") open = { id: `inc-${++opened}`, ruleId: r.id, status: "open", severity: action.severity, openedAt: now };
    else if (action.type === "resolve") open = null;
    else if (action.type === "update" && open) open = { ...open, severity: action.severity };
    steps.push({ at: now, phase, evaluation, action });
  });
  return steps;
}

export function repeat(phase: Phase, n: number): Phase[] {
  return Array.from({ length: n }, () => phase);
}
