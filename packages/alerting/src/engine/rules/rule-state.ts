/**
 * The per-rule memory between evaluations: for-duration debouncing in both directions and the recent
 * condition changes used to detect flapping. Plain JSON so it can be stored beside the rule.
 */
import type { TFlappingPolicy } from "./rule-schema.ts";

export interface RuleState {
  /** The raw condition at the previous evaluation; null before the first one. */
  conditionMet: boolean | null;
  /** Since when the condition has held while not yet firing (waiting out the for-duration). */
  pendingSince: number | null;
  /** Since when the rule fires (after the for-duration). */
  firingSince: number | null;
  /** Since when the condition has been clear while still firing (waiting out the for-duration to resolve). */
  clearingSince: number | null;
  /** Epoch ms of recent condition changes, oldest first, pruned to the flapping window. */
  changes: number[];
}

export function initialRuleState(): RuleState {
  return { conditionMet: null, pendingSince: null, firingSince: null, clearingSince: null, changes: [] };
}

export interface StateStep {
  firing: boolean;
  flapping: boolean;
  nextState: RuleState;
}

const MINUTE_MS = 60_000;

/**
 * Advances the state by one evaluation. The condition must hold `forMinutes` before the rule fires and
 * must stay clear `forMinutes` before it stops firing, so one noisy bucket neither opens nor closes an
 * incident. Flapping = more than `maxChanges` raw condition changes inside the flapping window.
 */
export function advanceRuleState(
  state: RuleState,
  conditionMet: boolean,
  now: number,
  forMinutes: number,
  flapping: TFlappingPolicy,
): StateStep {
  const forMs = forMinutes * MINUTE_MS;
  const horizon = now - flapping.windowMinutes * MINUTE_MS;
  const changed = state.conditionMet !== null && state.conditionMet !== conditionMet;
  // Changes are kept oldest first: prune from the front. The previous state's array is never mutated,
  // and is reused as is in the common case (nothing changed, nothing expired) to spare an allocation.
  let firstKept = 0;
  while (firstKept < state.changes.length && (state.changes[firstKept] ?? 0) <= horizon) firstKept++;
  let changes = state.changes;
  if (changed || firstKept > 0) {
    changes = state.changes.slice(firstKept);
    if (changed) changes.push(now);
    // Only the newest maxChanges + 1 matter for the verdict; this keeps stored state bounded.
    if (changes.length > flapping.maxChanges + 1) changes = changes.slice(changes.length - flapping.maxChanges - 1);
  }

  let { pendingSince, firingSince, clearingSince } = state;
  if (conditionMet) {
    clearingSince = null;
    if (firingSince === null) {
      pendingSince ??= now;
      if (now - pendingSince >= forMs) {
        firingSince = now;
        pendingSince = null;
      }
    }
  } else {
    pendingSince = null;
    if (firingSince !== null) {
      clearingSince ??= now;
      if (now - clearingSince >= forMs) {
        firingSince = null;
        clearingSince = null;
      }
    }
  }
  return {
    firing: firingSince !== null,
    flapping: changes.length > flapping.maxChanges,
    nextState: { conditionMet, pendingSince, firingSince, clearingSince, changes },
  };
}
