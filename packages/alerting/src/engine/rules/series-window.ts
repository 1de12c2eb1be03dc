/**
 * Window arithmetic over metric series. Series arrive sorted by bucket time (rollups are read in bucket
 * order), so a window is found by binary search and folded in one pass; the evaluator never copies or
 * re-sorts the raw points.
 */
import type { MetricAggregate } from "./catalog.ts";

/** One rollup bucket: `at` is the bucket start (epoch ms), `volume` the messages (or probes) behind `value`. */
export interface MetricPoint {
  at: number;
  value: number;
  volume: number;
}

/** Index of the first point with `at >= t` (points.length when none). */
export function lowerBound(points: readonly MetricPoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = points[mid];
    if (p !== undefined && p.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface WindowAggregate {
  /** null when the window holds no point (or, for weighted means, no volume). */
  value: number | null;
  volume: number;
  points: number;
  /** Index range [from, to) of the window inside the series, for evidence. */
  from: number;
  to: number;
}

/** Folds the points with `fromMs <= at <= toMs`. */
export function aggregateWindow(points: readonly MetricPoint[], fromMs: number, toMs: number, aggregate: MetricAggregate): WindowAggregate {
  const from = lowerBound(points, fromMs);
  let to = from;
  let volume = 0;
  let weighted = 0;
  let sum = 0;
  let last: number | null = null;
  for (; to < points.length; to++) {
    const p = points[to];
    if (p === undefined || p.at > toMs) break;
    volume += p.volume;
    weighted += p.value * p.volume;
    sum += p.value;
    last = p.value;
  }
  const count = to - from;
  let value: number | null;
  if (count === 0) value = null;
  else if (aggregate === "sum") value = sum;
  else if (aggregate === "last") value = last;
  else value = volume > 0 ? weighted / volume : null;
  return { value, volume, points: count, from, to };
}

/**
 * Median of the values of points in [fromMs, toMs) that carry volume (an empty hour has no rate).
 * Quickselect on a scratch copy of only those values: O(n) on average instead of a sort.
 */
export function medianOfWindow(points: readonly MetricPoint[], fromMs: number, toMs: number): { median: number | null; samples: number } {
  const start = lowerBound(points, fromMs);
  const values: number[] = [];
  for (let i = start; i < points.length; i++) {
    const p = points[i];
    if (p === undefined || p.at >= toMs) break;
    if (p.volume > 0) values.push(p.value);
  }
  if (values.length === 0) return { median: null, samples: 0 };
  const mid = values.length >> 1;
  const upper = quickselect(values, mid);
  if (values.length % 2 === 1) return { median: upper, samples: values.length };
  // After selecting index mid, every value left of it is <= it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) lower = Math.max(lower, values[i] ?? -Infinity);
  return { median: (lower + upper) / 2, samples: values.length };
}

/** Hoare-style quickselect (in place): returns the k-th smallest value. No closures: this is the hot loop. */
function quickselect(values: number[], k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const tmp = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] ?? 0;
  }
  return values[k] ?? 0;
}
