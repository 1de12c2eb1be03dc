import { type z } from "zod";

import { kpiDefinition, type KpiValue, measuredValue, rateValue } from "@inboxwatch/analytics/kpi";

import { type OrgContext } from "../context.ts";
import { type AnalyticsPanelStore, type PanelBucket, postgresPanelStore } from "./panels-store.ts";
import { postgresAnalyticsStore } from "./postgres-store.ts";
import { bucketOf, periodOf, type Period, ZAnalyticsQuery } from "./query.ts";
import { type AnalyticsStore } from "./store.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Queue and latency are drawn per hour up to a month (744 points at most), per day beyond. */
const PANEL_HOURLY_MAX_RANGE_DAYS = 31;
/** A p95 over fewer probes is one slow probe; the catalogue's latency KPIs use the same floor. */
const MIN_PROBE_LATENCY_SAMPLES = 20;

/** The overview's filters and range; `compare` and `breakdown` of the overview query are accepted and ignored. */
export const ZAnalyticsPanelsQuery = ZAnalyticsQuery.pick({
  from: true,
  to: true,
  provider: true,
  senderDomain: true,
  serverId: true,
  campaign: true,
});
export type AnalyticsPanelsInput = z.input<typeof ZAnalyticsPanelsQuery>;

export type PortState = "up" | "degraded" | "down" | "unknown";

/**
 * A port's state now, from its enabled monitors that have run: any DOWN makes it down, then any
 * DEGRADED, then up. Never up when no monitor of the port has ever been probed (or none exists).
 */
export function portStateOf(m: { up: number; degraded: number; down: number }): PortState {
  if (m.down > 0) return "down";
  if (m.degraded > 0) return "degraded";
  if (m.up > 0) return "up";
  return "unknown";
}

export function panelBucketOf(p: Period): PanelBucket {
  return p.to.getTime() - p.from.getTime() <= PANEL_HOURLY_MAX_RANGE_DAYS * DAY_MS ? "hour" : "day";
}

/** Every bucket start of the period (UTC hours or days), so a gap in the data is a gap in the chart, not a straight line. */
export function bucketStarts(p: Period, bucket: PanelBucket): Date[] {
  const step = bucket === "hour" ? HOUR_MS : DAY_MS;
  const out: Date[] = [];
  for (let t = Math.floor(p.from.getTime() / step) * step; t < p.to.getTime(); t += step) out.push(new Date(t));
  return out;
}

/** What the panels read: their own store, and the reply codes of the analytics store. */
export type PanelsStore = AnalyticsPanelStore & Pick<AnalyticsStore, "replyCodeSeries">;
const defaultStore: PanelsStore = { ...postgresPanelStore, replyCodeSeries: (...a) => postgresAnalyticsStore.replyCodeSeries(...a) };

/**
 * The top reply codes as a stacked series: every bucket of the range (0 where no such reply came back),
 * the codes by their total in the period, most frequent first.
 */
export function replyCodeChart(rows: readonly { at: Date; code: string; count: number }[], starts: readonly Date[]) {
  const totals = new Map<string, number>();
  const byAt = new Map<number, Record<string, number>>();
  for (const r of rows) {
    totals.set(r.code, (totals.get(r.code) ?? 0) + r.count);
    const counts = byAt.get(r.at.getTime()) ?? {};
    counts[r.code] = (counts[r.code] ?? 0) + r.count;
    byAt.set(r.at.getTime(), counts);
  }
  const codes = [...totals]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, total]) => ({ code, class: code.startsWith("4") ? ("4xx" as const) : ("5xx" as const), total }));
  const points = starts.map((at) => {
    const counts = byAt.get(at.getTime()) ?? {};
    return { at: at.toISOString(), counts: Object.fromEntries(codes.map((c) => [c.code, counts[c.code] ?? 0])) };
  });
  return { codes, points };
}

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/**
 * The overview's panels for one range and filters: a tile per SMTP port (uptime over the range, probe
 * count, mean probe time, p95 connect and banner times, state now) and the queue depth against the send latency per
 * bucket, and the 4xx / 5xx replies of the most frequent codes per bucket. The queue has no provider,
 * domain, server or campaign of its own, so it is the organization's whole queue whatever the filters;
 * the latency and the reply codes follow them.
 */
export async function getAnalyticsPanels(ctx: OrgContext, input: AnalyticsPanelsInput, store: PanelsStore = defaultStore) {
  const q = ZAnalyticsPanelsQuery.parse(input);
  const filters = { provider: q.provider, senderDomain: q.senderDomain, serverId: q.serverId, campaign: q.campaign };
  const period = periodOf(q);
  const bucket = panelBucketOf(period);
  // Reply codes are bars: hours up to two days like the overview's trend, days beyond (31 × 24 bars do not read).
  const codeBucket = bucketOf(period);
  const [ports, queueLatency, codes] = await Promise.all([
    store.portCounts(ctx, period, filters),
    store.queueLatency(ctx, period, filters, bucket),
    store.replyCodeSeries(ctx, period, filters, codeBucket),
  ]);
  const byAt = new Map(queueLatency.map((b) => [b.at.getTime(), b]));
  const points = bucketStarts(period, bucket).map((at) => {
    const b = byAt.get(at.getTime());
    return {
      at: at.toISOString(),
      queueDepth: finiteOrNull(b?.queueDepth ?? null),
      queueSamples: b?.queueSamples ?? 0,
      sendLatencySeconds: finiteOrNull(b?.sendLatencySeconds ?? null),
      latencySamples: b?.latencySamples ?? 0,
    };
  });
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    filters,
    ports: ports.map((p) => {
      const uptime: KpiValue = rateValue(p.ok, p.probes, kpiDefinition(`uptime_${p.port}`).minVolume);
      return {
        port: p.port,
        state: portStateOf(p.monitors),
        monitors: p.monitors,
        lastProbeAt: p.lastProbeAt?.toISOString() ?? null,
        probes: p.probes,
        uptime,
        meanProbeMs: measuredValue(p.ok > 0 ? p.latencySumMs / p.ok : null, p.ok, MIN_PROBE_LATENCY_SAMPLES),
        connectP95Ms: measuredValue(p.connectP95Ms, p.connectSamples, MIN_PROBE_LATENCY_SAMPLES),
        bannerP95Ms: measuredValue(p.bannerP95Ms, p.bannerSamples, MIN_PROBE_LATENCY_SAMPLES),
      };
    }),
    queueLatency: {
      bucket,
      hasQueue: points.some((p) => p.queueDepth !== null),
      hasLatency: points.some((p) => p.sendLatencySeconds !== null),
      points,
    },
    replyCodes: { bucket: codeBucket, ...replyCodeChart(codes, bucketStarts(period, codeBucket)) },
  };
}
