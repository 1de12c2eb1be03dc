/** Pure shaping of the deliverability summary for the charts and tables (no React, testable as is). */

/** Range length in hours; up to 6 h the server charts minute buckets. */
export const RANGES = { "1h": 1, "6h": 6, "24h": 24, "7d": 7 * 24, "30d": 30 * 24 } as const;
export type RangeKey = keyof typeof RANGES;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export const isRangeKey = (v: string): v is RangeKey => v in RANGES;

/** Whole hours (whole minutes for the short ranges) up to now, so the query key is stable and buckets line up. */
export function rangeEndingNow(key: RangeKey, now = Date.now()): { from: string; to: string } {
  const step = RANGES[key] <= 6 ? MINUTE_MS : HOUR_MS;
  const to = Math.ceil(now / step) * step;
  return { from: new Date(to - RANGES[key] * HOUR_MS).toISOString(), to: new Date(to).toISOString() };
}

export const rate = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)} %`);
export const seconds = (v: number | null) => (v === null ? "–" : v < 100 ? `${v.toFixed(1)} s` : `${Math.round(v / 60)} min`);
export const count = (v: number) => v.toLocaleString("en");

/** Sent / deferred / bounced per bucket; every other status (expired…) counts as bounced. */
export function outcomesByTime(series: readonly { hour: string; status: string; count: number }[]) {
  const byHour = new Map<string, { hour: string; sent: number; deferred: number; bounced: number }>();
  for (const p of series) {
    const row = byHour.get(p.hour) ?? { hour: p.hour, sent: 0, deferred: 0, bounced: 0 };
    if (p.status === "sent") row.sent += p.count;
    else if (p.status === "deferred") row.deferred += p.count;
    else row.bounced += p.count;
    byHour.set(p.hour, row);
  }
  return [...byHour.values()];
}

/** Failures per category, the largest first. */
export function failuresByCategory(categories: readonly { category: string; status: string; count: number }[]) {
  const by = new Map<string, { category: string; bounced: number; deferred: number }>();
  for (const c of categories) {
    const row = by.get(c.category) ?? { category: c.category, bounced: 0, deferred: 0 };
    if (c.status === "deferred") row.deferred += c.count;
    else row.bounced += c.count;
    by.set(c.category, row);
  }
  return [...by.values()].sort((a, b) => b.bounced + b.deferred - (a.bounced + a.deferred));
}

/** Queue depth points and latency points on one time axis; latency sits mid-bucket. */
export function queueWithLatency(
  data:
    | {
        granularity: string;
        snapshots: readonly { time: string; active: number; deferred: number; hold: number; incoming: number }[];
        latency: readonly { hour: string; meanDelaySeconds: number | null }[];
      }
    | undefined,
) {
  const points = (data?.snapshots ?? []).map((q) => ({ t: Date.parse(q.time), queued: q.active + q.deferred + q.hold + q.incoming }));
  const half = data?.granularity === "minute" ? MINUTE_MS / 2 : HOUR_MS / 2;
  const latency = (data?.latency ?? []).map((l) => ({ t: Date.parse(l.hour) + half, latency: l.meanDelaySeconds }));
  return [...points, ...latency].sort((a, b) => a.t - b.t);
}

/** Failed attempts of one reply class ("4xx", "5xx"), formatted. */
export function classTotal(rows: readonly { class: string; count: number }[], cls: string): string {
  return count(rows.filter((r) => r.class === cls).reduce((n, r) => n + r.count, 0));
}
