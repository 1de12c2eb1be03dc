import { criticalValue, standardNormalCdf } from "./normal.ts";

export interface Proportion {
  successes: number;
  trials: number;
}

export interface Interval {
  low: number;
  high: number;
}

function checkProportion({ successes, trials }: Proportion): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`invalid proportion ${successes}/${trials}`);
  }
}

/** The observed rate, null without trials (never NaN). */
export function rateOf(p: Proportion): number | null {
  return p.trials > 0 ? p.successes / p.trials : null;
}

/**
 * The Wilson score interval: unlike the textbook p ± z·√(p(1−p)/n) it stays inside [0, 1] and is not
 * degenerate at 0 % or 100 %, which matter here (complaint rates near zero, acceptance near one).
 * null without trials.
 */
export function wilsonInterval(p: Proportion, confidence = 0.95): Interval | null {
  checkProportion(p);
  if (p.trials === 0) return null;
  const z = criticalValue(confidence);
  const n = p.trials;
  const phat = p.successes / n;
  const z2 = z * z;
  const centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The interval of the difference of two rates (b − a) by Newcombe's hybrid score method (his method
 * 10), built from the two Wilson intervals: good coverage for small counts and rates near 0 or 1,
 * where the Wald interval is known to fail.
 */
export function differenceInterval(a: Proportion, b: Proportion, confidence = 0.95): Interval | null {
  const wa = wilsonInterval(a, confidence);
  const wb = wilsonInterval(b, confidence);
  if (!wa || !wb) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const d = pb - pa;
  const low = d - Math.sqrt((pb - wb.low) ** 2 + (wa.high - pa) ** 2);
  const high = d + Math.sqrt((wb.high - pb) ** 2 + (pa - wa.low) ** 2);
  return { low, high };
}

export interface ZTest {
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** The pooled two-proportion z-test of H0: rate(a) = rate(b). null when a side has no trials or nothing varies. */
export function twoProportionZTest(a: Proportion, b: Proportion): ZTest | null {
  checkProportion(a);
  checkProportion(b);
  if (a.trials === 0 || b.trials === 0) return null;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return null;
  const z = (b.successes / b.trials - a.successes / a.trials) / se;
  return { z, pValue: 2 * (1 - standardNormalCdf(Math.abs(z))) };
}
