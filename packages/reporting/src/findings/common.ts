/**
 * What every rule shares: the shape of a rule's output (a finding, the size of its effect for ranking, the
 * action it recommends), short provider names for sentences, and the check that a sentence quotes no
 * number its facts do not show ("no invented text", issue 14).
 */
import { type Fact, type Finding, type FindingSeverity, type RecommendedAction, type ReportCadence } from "../figures.ts";
import { type ReportData } from "./data.ts";

export interface RuleResult {
  finding: Finding;
  /** Size of the effect, in messages (or an equivalent): ranks findings of the same severity. */
  weight: number;
  action: RecommendedAction | null;
}

export type Rule = (data: ReportData) => RuleResult[];

/** Volume under which a rate is not compared (the catalogue's minimum for delivery rates). */
export const MIN_RATE_ATTEMPTS = 100;

/** The names sentences use: the rollups' provider keys, shortened where the display name is long. */
const SHORT_PROVIDER_NAMES: Record<string, string> = {
  google: "Gmail",
  microsoft: "Microsoft",
  yahoo: "Yahoo",
  apple: "Apple iCloud",
  other: "Other providers",
};

export function providerName(key: string): string {
  return SHORT_PROVIDER_NAMES[key] ?? key;
}

export function previousNoun(cadence: ReportCadence): string {
  return cadence === "weekly" ? "the previous week" : "the previous month";
}

export function finding(rule: string, severity: FindingSeverity, sentence: string, facts: Fact[], evidencePath: string | null): Finding {
  return { rule, severity, sentence, facts, evidencePath };
}

export function action(rule: string, text: string, actionPath: string | null): RecommendedAction {
  return { rule, text, actionPath };
}

/** Numbers as a reader sees them: digit runs with their decimal points, separators and IP dots. */
const NUMBER = /\d[\d.,:]*\d|\d/g;

/**
 * The numbers of `sentence` that no fact's value (or label) shows; empty when the sentence is backed. A
 * number counts as shown when it appears inside a fact (a date "Tue 1 Dec 2026" shows 1 and 2026).
 */
export function unbackedNumbers(sentence: string, facts: readonly Fact[]): string[] {
  const shown = facts.map((f) => `${f.label} ${f.value}`).join(" \u0000 ");
  return (sentence.match(NUMBER) ?? []).filter((n) => !shown.includes(n.replace(/[.,:]$/, "")));
}
