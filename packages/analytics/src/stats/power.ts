import { criticalValue, standardNormalQuantile } from "./normal.ts";

export interface PowerOptions {
  /** Two-sided significance level. */
  alpha?: number;
  power?: number;
}

/**
 * Messages needed per variant to detect an absolute change `mde` from a `baseline` rate with a two-sided
 * two-proportion z-test (the standard formula with the variances under H0 and H1). Infinity when the
 * change is zero; rounds up.
 */
export function sampleSizePerVariant(baseline: number, mde: number, { alpha = 0.05, power = 0.8 }: PowerOptions = {}): number {
  if (!(baseline > 0 && baseline < 1)) throw new RangeError(`baseline rate ${baseline} must be inside (0, 1)`);
  const target = baseline + mde;
  if (!(target > 0 && target < 1)) throw new RangeError(`baseline + effect (${target}) must be inside (0, 1)`);
  if (mde === 0) return Infinity;
  const zAlpha = criticalValue(1 - alpha);
  const zBeta = standardNormalQuantile(power);
  const pBar = (baseline + target) / 2;
  const h0 = zAlpha * Math.sqrt(2 * pBar * (1 - pBar));
  const h1 = zBeta * Math.sqrt(baseline * (1 - baseline) + target * (1 - target));
  return Math.ceil((h0 + h1) ** 2 / mde ** 2);
}

/**
 * The smallest absolute change (either direction, the larger of the two is returned) detectable with
 * `perVariant` messages in each variant: the inverse of sampleSizePerVariant, found by bisection on the
 * same formula so the two always agree.
 */
export function minimumDetectableEffect(baseline: number, perVariant: number, options: PowerOptions = {}): number | null {
  if (!(baseline > 0 && baseline < 1) || perVariant < 2) return null;
  const upMax = 1 - baseline - 1e-9;
  const downMax = baseline - 1e-9;
  const solve = (sign: 1 | -1, max: number): number | null => {
    if (sampleSizePerVariant(baseline, sign * max, options) > perVariant) return null;
    let lo = 0;
    let hi = max;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (sampleSizePerVariant(baseline, sign * mid, options) > perVariant) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  const up = solve(1, upMax);
  const down = solve(-1, downMax);
  if (up === null && down === null) return null;
  return Math.max(up ?? 0, down ?? 0);
}
