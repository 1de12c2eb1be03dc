// The standard normal distribution from stdlib (a maintained, tested numerical library): the
// statistics below must not rest on a hand-written approximation of the error function.
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

export function standardNormalCdf(z: number): number {
  return normalCdf(z, 0, 1);
}

export function standardNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** The two-sided critical value for a confidence level (0.95 → 1.95996…). */
export function criticalValue(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} is outside (0, 1)`);
  return standardNormalQuantile(1 - (1 - confidence) / 2);
}
