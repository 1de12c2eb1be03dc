import { minimumDetectableEffect, sampleSizePerVariant } from "./power.ts";
import { differenceInterval, type Interval, type Proportion, rateOf, twoProportionZTest, wilsonInterval } from "./proportions.ts";
import { alwaysValidPValue } from "./sequential.ts";

/**
 * "fixed": a fixed-horizon z-test, valid once, at the planned sample size. "sequential": the mSPRT
 * always-valid p-value, valid at every look. The UI states which one produced the verdict.
 */
export type TestMethod = "fixed" | "sequential";

export interface VariantCounts extends Proportion {
  name: string;
}

export interface VariantResult {
  name: string;
  trials: number;
  successes: number;
  rate: number | null;
  interval: Interval | null;
}

export interface Comparison {
  variant: string;
  /** rate(variant) − rate(control), in absolute terms. */
  difference: number | null;
  interval: Interval | null;
  pValue: number | null;
  significant: boolean;
}

export type Verdict =
  | { kind: "winner"; variant: string; difference: number }
  | { kind: "loser"; variant: string; difference: number }
  | { kind: "no-difference-yet"; neededPerVariant: number | null }
  | { kind: "not-enough-data"; minimumPerVariant: number };

export interface ExperimentResult {
  method: TestMethod;
  confidence: number;
  /** α after the Bonferroni correction for comparing several variants with the control. */
  alpha: number;
  control: VariantResult;
  variants: VariantResult[];
  comparisons: Comparison[];
  /** The smallest absolute change the current sample can detect at 80 % power. */
  minimumDetectableEffect: number | null;
  verdict: Verdict;
}

export interface ExperimentOptions {
  method?: TestMethod;
  /** Two-sided significance level before correction. */
  alpha?: number;
  /** The absolute change the experiment was planned to detect, for "messages still needed". */
  plannedEffect?: number;
}

/** Below this many trials per variant no test is run: the normal approximation is not trustworthy. */
export const MIN_TRIALS_PER_VARIANT = 30;

function variantResult(v: VariantCounts, confidence: number): VariantResult {
  return { name: v.name, trials: v.trials, successes: v.successes, rate: rateOf(v), interval: wilsonInterval(v, confidence) };
}

/**
 * Compares every variant with the control (the first entry) on one rate (accepted, opened, clicked,
 * converted…). A verdict names a winner only when its comparison is significant at the corrected α and
 * its interval excludes zero.
 */
export function analyzeExperiment(arms: readonly VariantCounts[], options: ExperimentOptions = {}): ExperimentResult {
  const [controlArm, ...others] = arms;
  if (!controlArm || others.length === 0) throw new RangeError("an experiment needs a control and at least one variant");
  const method = options.method ?? "sequential";
  const alpha = (options.alpha ?? 0.05) / others.length;
  const confidence = 1 - alpha;
  const control = variantResult(controlArm, confidence);
  const variants = others.map((v) => variantResult(v, confidence));
  const smallest = Math.min(...arms.map((a) => a.trials));
  const baseline = control.rate;
  const mde = baseline !== null ? minimumDetectableEffect(Math.min(Math.max(baseline, 1e-6), 1 - 1e-6), smallest, { alpha }) : null;

  if (smallest < MIN_TRIALS_PER_VARIANT) {
    return {
      method,
      confidence,
      alpha,
      control,
      variants,
      comparisons: [],
      minimumDetectableEffect: mde,
      verdict: { kind: "not-enough-data", minimumPerVariant: MIN_TRIALS_PER_VARIANT },
    };
  }

  const comparisons = others.map((arm): Comparison => {
    const interval = differenceInterval(controlArm, arm, confidence);
    const pValue = method === "fixed" ? (twoProportionZTest(controlArm, arm)?.pValue ?? null) : alwaysValidPValue(controlArm, arm);
    const difference = rateOf(arm) !== null && baseline !== null ? (rateOf(arm) ?? 0) - baseline : null;
    const excludesZero = interval !== null && (interval.low > 0 || interval.high < 0);
    return { variant: arm.name, difference, interval, pValue, significant: pValue !== null && pValue < alpha && excludesZero };
  });

  return {
    method,
    confidence,
    alpha,
    control,
    variants,
    comparisons,
    minimumDetectableEffect: mde,
    verdict: verdictOf(comparisons, baseline, alpha, options.plannedEffect),
  };
}

function verdictOf(comparisons: readonly Comparison[], baseline: number | null, alpha: number, plannedEffect: number | undefined): Verdict {
  const significant = comparisons.filter((c) => c.significant && c.difference !== null);
  const best = significant.sort((a, b) => (b.difference ?? 0) - (a.difference ?? 0))[0];
  if (best && best.difference !== null) {
    return best.difference > 0
      ? { kind: "winner", variant: best.variant, difference: best.difference }
      : { kind: "loser", variant: best.variant, difference: best.difference };
  }
  let needed: number | null = null;
  if (plannedEffect && baseline !== null && baseline > 0 && baseline < 1 && baseline + plannedEffect > 0 && baseline + plannedEffect < 1) {
    needed = sampleSizePerVariant(baseline, plannedEffect, { alpha });
  }
  return { kind: "no-difference-yet", neededPerVariant: needed };
}
