import { type KpiValue, rateValue } from "./value.ts";

export interface BreakdownRow {
  /** A reply code ("421"), an enhanced code ("4.7.28") or a category ("rate_limited"). */
  key: string;
  count: number;
}

export interface BreakdownEntry {
  key: string;
  count: number;
  rate: KpiValue;
}

/**
 * Rates of each key over the same denominator (attempts), largest first, for "4xx by reply code" and
 * "5xx by category". Keys repeated in the input are summed; a key with no attempts is left out rather
 * than shown as 0 %.
 */
export function rateBreakdown(rows: readonly BreakdownRow[], attempted: number, minVolume: number): BreakdownEntry[] {
  const sums = new Map<string, number>();
  for (const row of rows) if (row.count > 0) sums.set(row.key, (sums.get(row.key) ?? 0) + row.count);
  return [...sums]
    .map(([key, count]) => ({ key, count, rate: rateValue(count, attempted, minVolume) }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
