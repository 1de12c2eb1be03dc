/**
 * Rules on a lasting state (a port down, an IP listed, a DMARC policy weakened) judge each observed object
 * — the subject — on its own, with its own debounce memory and its own incident. Judged as one stream, the
 * newest observation of ANY port decided for all of them: six ports down and a seventh seen up resolved
 * the organization's "SMTP port down" incident. Occurrence events (throttling detections) are counted
 * over the rule's scope as a whole, and series rules have no subjects.
 */
import { EVENT_CATALOG } from "./catalog.ts";
import type { AlertEventObservation } from "./conditions.ts";
import type { TAlertCondition } from "./rule-schema.ts";
import type { RuleState } from "./rule-state.ts";

/** Whether a rule with this condition is evaluated once per subject rather than once for its scope. */
export function judgesPerSubject(c: TAlertCondition): boolean {
  return c.kind === "event" && EVENT_CATALOG[c.event].nature !== "occurrence";
}

/** Events by subject (observations without one belong to `fallback`, the rule's own scope key); order kept. */
export function groupBySubject(events: readonly AlertEventObservation[], fallback: string): Map<string, AlertEventObservation[]> {
  const groups = new Map<string, AlertEventObservation[]>();
  for (const e of events) {
    const key = e.subject ?? fallback;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return groups;
}

/** A per-subject rule's stored memory: one RuleState per subject still pending, firing, clearing or flapping. */
export interface SubjectRuleStates {
  subjects: Record<string, RuleState>;
}

/** A state worth nothing to remember: not pending, firing nor clearing, no recent change. Pruned from storage. */
export function isRestingState(s: RuleState): boolean {
  return s.pendingSince === null && s.firingSince === null && s.clearingSince === null && s.changes.length === 0;
}
