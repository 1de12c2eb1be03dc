/**
 * Ranking and capping: bad news first by severity, then by the size of the effect; good news after it.
 * The list is capped (FINDINGS_MAX) so a report leads with what matters, and the actions follow the order
 * of the findings they come from, without duplicates (ACTIONS_MAX).
 */
import { type Finding, type FindingSeverity, type RecommendedAction } from "../figures.ts";
import { type RuleResult } from "./common.ts";

/** A page of findings: more is a log, not a report. */
export const FINDINGS_MAX = 8;
/** Of which at most this many good-news findings, so they never push out a problem. */
export const GOOD_FINDINGS_MAX = 2;
export const ACTIONS_MAX = 6;

const ORDER: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2, good: 3 };

export function rankResults(results: readonly RuleResult[]): RuleResult[] {
  const sorted = [...results].sort(
    (a, b) =>
      ORDER[a.finding.severity] - ORDER[b.finding.severity] || b.weight - a.weight || a.finding.sentence.localeCompare(b.finding.sentence),
  );
  const bad = sorted.filter((r) => r.finding.severity !== "good");
  const good = sorted.filter((r) => r.finding.severity === "good").slice(0, GOOD_FINDINGS_MAX);
  // One place is kept for good news when there is some; the rest go to problems first.
  const keptBad = bad.slice(0, FINDINGS_MAX - Math.min(good.length, 1));
  return [...keptBad, ...good.slice(0, FINDINGS_MAX - keptBad.length)];
}

export function actionsOf(ranked: readonly RuleResult[]): RecommendedAction[] {
  const seen = new Set<string>();
  const out: RecommendedAction[] = [];
  for (const r of ranked) {
    if (!r.action || seen.has(r.action.text)) continue;
    seen.add(r.action.text);
    out.push(r.action);
  }
  return out.slice(0, ACTIONS_MAX);
}

export const findingsOf = (ranked: readonly RuleResult[]): Finding[] => ranked.map((r) => r.finding);
