import { deltaOf, KPI_CATALOGUE, type KpiInputs, kpiDefinition, type KpiValue, rateValue } from "@inboxwatch/analytics/kpi";

import { providerDisplayName } from "@inboxwatch/deliverability/logs";

import { type OrgContext } from "../context.ts";
import { postgresAnalyticsStore } from "./postgres-store.ts";
import { type AnalyticsQueryInput, bucketOf, periodOf, previousPeriod, ZAnalyticsQuery } from "./query.ts";
import { type AnalyticsStore } from "./store.ts";

export interface KpiFigure {
  id: string;
  label: string;
  group: string;
  unit: string;
  better: "higher" | "lower";
  formula: string;
  source: string;
  caveat: string;
  minVolume: number;
  volumeNoun: string;
  current: KpiValue & { basis?: string };
  previous: KpiValue | null;
  /** current − previous in the KPI's unit (percentage points as a fraction for rates); null unless both are figures. */
  delta: number | null;
}

export interface BreakdownRow {
  key: string;
  label: string;
  attempted: number;
  /** This segment's share of the attempts in the view. */
  share: number | null;
  accepted: KpiValue;
  deferral: KpiValue;
  hardBounce: KpiValue;
  softBounce: KpiValue;
  /** Engagement-based inbox proxy of the segment ("no data" where no source reports engagement). */
  inboxProxy: KpiValue;
}

function figures(current: KpiInputs, previous: KpiInputs | null): KpiFigure[] {
  return KPI_CATALOGUE.map((k) => {
    const now = k.compute(current);
    const before = previous ? k.compute(previous) : null;
    return {
      id: k.id,
      label: k.label,
      group: k.group,
      unit: k.unit,
      better: k.better,
      formula: k.formula,
      source: k.source,
      caveat: k.caveat,
      minVolume: k.minVolume,
      volumeNoun: k.volumeNoun,
      current: now,
      previous: before,
      delta: before ? deltaOf(now, before) : null,
    };
  });
}

const EMPTY_KEY_LABEL: Record<string, string> = { serverId: "Not mapped to a server", campaign: "No campaign" };

/** Names for breakdown keys: servers by hostname, the empty key by what it means. */
async function labelsFor(ctx: OrgContext, dimension: string, keys: string[]): Promise<Map<string, string>> {
  const named = (k: string) => (dimension === "provider" ? providerDisplayName(k) : k);
  const labels = new Map(keys.map((k) => [k, k === "" ? (EMPTY_KEY_LABEL[dimension] ?? "Unknown") : named(k)]));
  if (dimension === "serverId") {
    const servers = await ctx.db.mailServer.findMany({
      where: { orgId: ctx.orgId, id: { in: keys.filter(Boolean) } },
      select: { id: true, hostname: true },
    });
    for (const s of servers) labels.set(s.id, s.hostname);
  }
  return labels;
}

/**
 * The executive overview: every KPI of the catalogue for the period with its delta against the period
 * before, the accepted-rate trend with the incidents, maintenance and DNS changes that explain it, and one
 * breakdown (provider, sending domain, server or campaign). Figures under their minimum volume say so.
 */
export async function getAnalyticsOverview(ctx: OrgContext, input: AnalyticsQueryInput, store: AnalyticsStore = postgresAnalyticsStore) {
  const q = ZAnalyticsQuery.parse(input);
  const filters = { provider: q.provider, senderDomain: q.senderDomain, serverId: q.serverId, campaign: q.campaign };
  const period = periodOf(q);
  const previous = q.compare ? previousPeriod(period) : null;
  const bucket = bucketOf(period);
  const [current, before, series, annotations, segments] = await Promise.all([
    store.kpiInputs(ctx, period, filters),
    previous ? store.kpiInputs(ctx, previous, filters) : Promise.resolve(null),
    store.series(ctx, period, filters, bucket),
    store.annotations(ctx, period),
    store.breakdown(ctx, period, filters, q.breakdown),
  ]);
  const minAccepted = kpiDefinition("accepted_rate").minVolume;
  const total = segments.reduce((sum, s) => sum + s.inputs.delivery.attempted, 0);
  const labels = await labelsFor(
    ctx,
    q.breakdown,
    segments.map((s) => s.key),
  );
  const breakdown: BreakdownRow[] = segments
    .map((s) => {
      const d = s.inputs.delivery;
      return {
        key: s.key,
        label: labels.get(s.key) ?? s.key,
        attempted: d.attempted,
        share: total > 0 ? d.attempted / total : null,
        accepted: kpiDefinition("accepted_rate").compute(s.inputs),
        deferral: kpiDefinition("deferral_rate").compute(s.inputs),
        hardBounce: kpiDefinition("hard_bounce_rate").compute(s.inputs),
        softBounce: kpiDefinition("soft_bounce_rate").compute(s.inputs),
        inboxProxy: kpiDefinition("inbox_rate_proxy").compute(s.inputs),
      };
    })
    .filter((r) => r.attempted > 0)
    .sort((a, b) => b.attempted - a.attempted || a.label.localeCompare(b.label));
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    previous: previous ? { from: previous.from.toISOString(), to: previous.to.toISOString() } : null,
    bucket,
    filters,
    kpis: figures(current, before),
    series: series.map((b) => ({
      at: b.at.toISOString(),
      attempted: b.attempted,
      deferred: b.deferred,
      bounced: b.bounced,
      acceptedRate: rateValue(b.accepted, b.attempted, minAccepted),
    })),
    annotations: annotations.map((a) => ({ ...a, at: a.at.toISOString() })),
    breakdown: { dimension: q.breakdown, rows: breakdown },
  };
}
