/**
 * The pure evaluator: one rule, its input (metric series or events for the rule's scope), its stored
 * state and the clock in, the verdict and the next state out. No I/O, no clock reads, no validation
 * (rules are validated once with ZAlertRule when stored).
 */
import {
  type AlertInput,
  type ConditionOutcome,
  type ConditionStatus,
  type Evidence,
  checkBaseline,
  checkEvent,
  checkThreshold,
} from "./conditions.ts";
import type { TAlertRule, TAlertScope, TAlertSeverity } from "./rule-schema.ts";
import { type RuleState, advanceRuleState } from "./rule-state.ts";

export interface RuleEvaluation {
  ruleId: string;
  scope: TAlertScope;
  severity: TAlertSeverity;
  /** Debounced verdict: the condition held for the rule's for-duration (and has not been clear for as long). */
  firing: boolean;
  /** The raw condition right now. Insufficient volume and missing data count as not met. */
  status: ConditionStatus;
  /** More condition changes than the rule's flapping policy allows: hold the incident as it is. */
  flapping: boolean;
  value: number | null;
  evidence: Evidence;
  nextState: RuleState;
}

export class AlertInputMismatchError extends Error {
  constructor(ruleKind: string, inputKind: string) {
    super(`a ${ruleKind} rule needs ${ruleKind === "event" ? "events" : "series"} input, got ${inputKind}`);
    this.name = "AlertInputMismatchError";
  }
}

function checkCondition(rule: TAlertRule, input: AlertInput, now: number): ConditionOutcome {
  const c = rule.condition;
  if (c.kind === "event") {
    if (input.kind !== "events") throw new AlertInputMismatchError(c.kind, input.kind);
    return checkEvent(c, input.events, rule.minVolume, now);
  }
  if (input.kind !== "series") throw new AlertInputMismatchError(c.kind, input.kind);
  return c.kind === "threshold"
    ? checkThreshold(c, input.points, rule.minVolume, now)
    : checkBaseline(c, input.points, rule.minVolume, now);
}

/**
 * Evaluates `rule` at `now` (epoch ms). Series points and events must be sorted by time (the order
 * rollups are read in); a wrong input kind for the rule kind is a programming error and throws.
 */
export function evaluateRule(rule: TAlertRule, input: AlertInput, state: RuleState, now: number): RuleEvaluation {
  const outcome = checkCondition(rule, input, now);
  // Under the minimum volume, or without data, the condition is not met: silence is never an alert here
  // (a port that stops answering is a port_down event, not missing data).
  const step = advanceRuleState(state, outcome.status === "met", now, rule.forMinutes, rule.flapping);
  return {
    ruleId: rule.id,
    scope: rule.scope,
    severity: rule.severity,
    firing: step.firing,
    status: outcome.status,
    flapping: step.flapping,
    value: outcome.value,
    evidence: outcome.evidence,
    nextState: step.nextState,
  };
}
