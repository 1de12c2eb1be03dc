/**
 * Where the latency axis stops: one stuck hour (a message delivered after a day in the queue) would
 * otherwise flatten every other point to the floor. Half again the 95th percentile of the points; the
 * points above run off the top and the chart says so.
 */
export function latencyAxisCap(values: readonly (number | null)[]): number | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length < 20) return null;
  const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const cap = Math.ceil(p95 * 1.5);
  return cap > 0 && max > cap ? cap : null;
}
