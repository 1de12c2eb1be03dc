import { LATENCY_BUCKETS_SECONDS } from "./inputs.ts";

/**
 * The q-quantile of a bucketed histogram, interpolating linearly inside the bucket it falls in (the
 * same estimate Prometheus' histogram_quantile makes). The open-ended last bucket answers its lower
 * bound: we know the value is at least that, and claim no more. null when the histogram is empty.
 */
export function quantileFromHistogram(
  counts: readonly number[],
  q: number,
  bounds: readonly number[] = LATENCY_BUCKETS_SECONDS,
): number | null {
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      const upper = bounds[i] ?? Infinity;
      if (!Number.isFinite(upper)) return lower;
      return lower + (upper - lower) * ((rank - seen) / count);
    }
    seen += count;
  }
  return bounds[bounds.length - 2] ?? null;
}

/** The bucket index a latency (seconds) is counted in. */
export function latencyBucketOf(seconds: number): number {
  const index = LATENCY_BUCKETS_SECONDS.findIndex((upper) => seconds <= upper);
  return index === -1 ? LATENCY_BUCKETS_SECONDS.length - 1 : index;
}
