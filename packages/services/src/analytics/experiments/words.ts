/**
 * The sentences an experiment's result is stated in — the same on the page, in the REST reply and the
 * CLI: which test produced the p-value, and the verdict with its difference, interval and p.
 */
import { type Comparison, type ExperimentResult, type TestMethod } from "@inboxwatch/analytics/stats";

import { type ExperimentMetric, type ExperimentView, METRIC_INFO } from "./schema.ts";

export const METHOD_STATEMENTS: Record<TestMethod, string> = {
  sequential: "Sequential test (mSPRT, always-valid p): safe to check at any time",
  fixed: "Fixed-horizon z-test: valid once the planned N per variant is reached",
};

export function describeMethod(method: TestMethod): string {
  return METHOD_STATEMENTS[method];
}

/** Percentage points with a sign: +2.1 pts; two decimals below a tenth of a point (complaint rates). */
export function formatPoints(difference: number): string {
  const pts = difference * 100;
  const digits = Math.abs(pts) < 0.1 && pts !== 0 ? 2 : 1;
  const text = Math.abs(pts).toFixed(digits);
  return `${pts > 0 ? "+" : pts < 0 ? "−" : "±"}${text}`;
}

export function formatPValue(p: number | null): string {
  if (p === null) return "p not computable";
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** 0.95 → "95 %", 0.975 → "97.5 %". */
export function formatConfidence(confidence: number): string {
  return `${Number((confidence * 100).toFixed(1))} %`;
}

const variantName = (label: string) => (label.length <= 2 ? `Variant ${label}` : label);
const count = (v: number) => v.toLocaleString("en-US");

function comparisonWords(c: Comparison, metric: ExperimentMetric, confidence: number): string {
  const what = METRIC_INFO[metric].label;
  const ci = c.interval ? ` (${formatConfidence(confidence)} CI ${formatPoints(c.interval.low)} to ${formatPoints(c.interval.high)})` : "";
  return `${c.difference === null ? "no rate" : `${formatPoints(c.difference)} pts ${what}`}${ci}, ${formatPValue(c.pValue)}`;
}

/**
 * The verdict, with the metric's direction (fewer complaints win) and the design: while its window is
 * open a fixed-horizon test names no winner before its planned sample size, since its p-value is valid
 * only at one planned look; once the window has closed, that look is the end, at the sample reached.
 */
export function verdictOf(input: {
  result: ExperimentResult;
  metric: ExperimentMetric;
  labels: Map<string, string>;
  neededPerVariant: number | null;
  reachedPerVariant: number;
  minimum: number;
  mde: number;
  /** The window has ended (stopped, or past its end): a fixed-horizon test is read now, at the sample it got. */
  closed: boolean;
}): ExperimentView["verdict"] {
  const { result, metric, labels, neededPerVariant: needed, reachedPerVariant: reached } = input;
  const info = METRIC_INFO[metric];
  const nameOf = (key: string) => variantName(labels.get(key) ?? key);
  if (result.verdict.kind === "not-enough-data") {
    return {
      kind: "not-enough-data",
      variant: null,
      difference: null,
      sentence: `Not enough data yet: every variant needs at least ${count(input.minimum)} ${info.trials}; the smallest has ${count(reached)}.`,
    };
  }
  const plan =
    needed !== null
      ? ` The planned ${formatPoints(input.mde).slice(1)}-point effect needs ${count(needed)} ${info.trials} per variant; the smallest has ${count(reached)}.`
      : "";
  if (result.method === "fixed" && !input.closed && needed !== null && reached < needed) {
    return {
      kind: "awaiting-horizon",
      variant: null,
      difference: null,
      sentence: `Fixed-horizon test: read the result at ${count(needed)} ${info.trials} per variant (the smallest has ${count(reached)}); before that its p-value is not valid.`,
    };
  }
  const sign = info.better === "higher" ? 1 : -1;
  const significant = result.comparisons.filter((c) => c.significant && c.difference !== null);
  const ranked = [...significant].sort((a, b) => sign * ((b.difference ?? 0) - (a.difference ?? 0)));
  const best = ranked[0];
  if (best && sign * (best.difference ?? 0) > 0) {
    return {
      kind: "winner",
      variant: best.variant,
      difference: best.difference,
      sentence: `${nameOf(best.variant)} wins: ${comparisonWords(best, metric, result.confidence)}.`,
    };
  }
  const worst = ranked.at(-1);
  if (worst) {
    return {
      kind: "loser",
      variant: worst.variant,
      difference: worst.difference,
      sentence: `${nameOf(worst.variant)} is worse than the control: ${comparisonWords(worst, metric, result.confidence)}.`,
    };
  }
  // Nothing significant: state the largest observed difference so the reader sees how far off it is.
  const closest = [...result.comparisons].sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1))[0];
  const observed = closest ? ` ${nameOf(closest.variant)}: ${comparisonWords(closest, metric, result.confidence)}.` : "";
  if (needed !== null && reached >= needed) {
    return {
      kind: "no-difference",
      variant: null,
      difference: null,
      sentence: `No difference of the planned size at ${count(reached)} ${info.trials} per variant.${observed}`,
    };
  }
  if (input.closed) {
    const short = needed !== null ? ` (${count(reached)} of the ${count(needed)} ${info.trials} per variant planned)` : "";
    return {
      kind: "no-difference",
      variant: null,
      difference: null,
      sentence: `No significant difference when the experiment ended${short}.${observed}`,
    };
  }
  return { kind: "no-difference-yet", variant: null, difference: null, sentence: `No significant difference yet.${observed}${plan}` };
}
