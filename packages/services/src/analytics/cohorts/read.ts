/**
 * Reading a cohort table for the page, the API and the CLI: the stored view (compute.ts, refreshed by
 * the analytics.refresh job), never a computation on load. Rates follow the KPI catalogue: below the
 * minimum volume a cell is "not enough mail" with its sample size, a zero denominator is "no data".
 * The best cohort is ranked by the lower bound of its 95 % Wilson interval, so that a small cohort's lucky
 * streak does not beat a large, steadily good one.
 */
import { type KpiValue, kpiDefinition, rateValue } from "@inboxwatch/analytics/kpi";
import { type Interval, wilsonInterval } from "@inboxwatch/analytics/stats";
import { z } from "zod";

import { type OrgContext } from "../../context.ts";
import { readView } from "../views/store.ts";
import {
  COHORT_COLUMNS,
  COHORT_GROUPINGS,
  COHORT_METRICS,
  type CohortCounts,
  type CohortMetric,
  type CohortTableData,
  cohortViewKey,
  ZCohortTableData,
} from "./types.ts";

export const ZCohortQuery = z.object({
  grouping: z.enum(COHORT_GROUPINGS).default("source-provider"),
  columns: z.enum(COHORT_COLUMNS).default("weeks-since-signup"),
  metric: z.enum(COHORT_METRICS).default("conversion"),
});
export type CohortQueryInput = z.input<typeof ZCohortQuery>;

export interface CohortMetricDefinition {
  id: CohortMetric;
  label: string;
  formula: string;
  /** Below this denominator a cell is "not enough mail". */
  minVolume: number;
  /** What the denominator counts. */
  volumeNoun: "messages" | "recipients";
  /** Engagement-based metrics are "no data" when no source reported engagement at all. */
  needsEngagement: boolean;
}

/** Each metric's numerator and denominator in the stored counts. */
const METRIC_COUNTS: Record<CohortMetric, { part(c: CohortCounts): number; whole(c: CohortCounts): number }> = {
  accepted: { part: (c) => c.accepted, whole: (c) => c.attempted },
  inbox: { part: (c) => c.opened, whole: (c) => c.accepted },
  click: { part: (c) => c.clicked, whole: (c) => c.accepted },
  conversion: { part: (c) => c.convertedRecipients, whole: (c) => c.deliveredRecipients },
};

/** The four rates of a cohort table; minimum volumes come from the KPI catalogue's matching KPI. */
export const COHORT_METRIC_DEFINITIONS: Record<CohortMetric, CohortMetricDefinition> = {
  accepted: {
    id: "accepted",
    label: "Accepted rate",
    formula: "messages accepted by the receiving server ÷ messages attempted",
    minVolume: kpiDefinition("accepted_rate").minVolume,
    volumeNoun: "messages",
    needsEngagement: false,
  },
  inbox: {
    id: "inbox",
    label: "Inbox proxy (engagement)",
    formula:
      "messages opened at least once ÷ messages delivered — a proxy for inbox placement, a lower bound (inbox mail is not always opened)",
    minVolume: kpiDefinition("open_rate").minVolume,
    volumeNoun: "messages",
    needsEngagement: true,
  },
  click: {
    id: "click",
    label: "Engagement (clicks)",
    formula: "messages clicked at least once ÷ messages delivered",
    minVolume: kpiDefinition("click_rate").minVolume,
    volumeNoun: "messages",
    needsEngagement: true,
  },
  conversion: {
    id: "conversion",
    label: "Conversion rate",
    formula:
      "recipients with a conversion attributed to a message of the cell (the most recent delivered message within the attribution window before it) ÷ recipients delivered to",
    minVolume: kpiDefinition("click_rate").minVolume,
    volumeNoun: "recipients",
    needsEngagement: false,
  },
};

export interface CohortCellView {
  /** Distinct recipients: the sample size printed in the cell. */
  recipients: number;
  rate: KpiValue;
  /** 95 % Wilson interval of an "ok" rate. */
  interval: Interval | null;
  /** Attributed conversion value per currency. */
  value: Record<string, number>;
}

export interface CohortRowView {
  key: string;
  label: string;
  source: string | null;
  provider: string | null;
  total: CohortCellView;
  cells: Record<string, CohortCellView>;
}

export interface BestCohort {
  key: string;
  label: string;
  rate: number;
  interval: Interval;
  /** The rate's denominator (messages or recipients). */
  volume: number;
  recipients: number;
}

export type CohortsResult =
  | { state: "not-computed"; grouping: CohortTableData["grouping"]; columns: CohortTableData["columns"]; metric: CohortMetricDefinition }
  | {
      state: "ready";
      grouping: CohortTableData["grouping"];
      columns: CohortTableData["columns"];
      metric: CohortMetricDefinition;
      computedAt: Date;
      durationMs: number;
      columnKeys: CohortTableData["columnKeys"];
      rows: CohortRowView[];
      all: { total: CohortCellView; cells: Record<string, CohortCellView> };
      hiddenCohorts: number;
      attributionDays: number;
      hasEngagement: boolean;
      best: BestCohort | null;
    };

function cellView(c: CohortCounts, metric: CohortMetricDefinition, hasEngagement: boolean): CohortCellView {
  const part = METRIC_COUNTS[metric.id].part(c);
  const whole = METRIC_COUNTS[metric.id].whole(c);
  const rate = metric.needsEngagement && !hasEngagement ? ({ state: "no-data" } as const) : rateValue(part, whole, metric.minVolume);
  const interval = rate.state === "ok" ? wilsonInterval({ successes: Math.min(part, whole), trials: whole }) : null;
  return { recipients: c.recipients, rate, interval, value: c.value };
}

/** The cohort whose rate is highest by the lower bound of its 95 % Wilson interval, among those above the minimum volume. */
export function bestCohort(rows: readonly CohortRowView[]): BestCohort | null {
  let best: BestCohort | null = null;
  for (const r of rows) {
    const { rate, interval } = r.total;
    if (rate.state !== "ok" || !interval) continue;
    if (!best || interval.low > best.interval.low) {
      best = { key: r.key, label: r.label, rate: rate.value, interval, volume: rate.volume, recipients: r.total.recipients };
    }
  }
  return best;
}

/** The rates of a stored table for one metric (pure: the page's and the API's shaping). */
export function cohortView(data: CohortTableData, metricId: CohortMetric) {
  const metric = COHORT_METRIC_DEFINITIONS[metricId];
  const cells = (m: Record<string, CohortCounts>) =>
    Object.fromEntries(Object.entries(m).map(([k, c]) => [k, cellView(c, metric, data.hasEngagement)]));
  const rows: CohortRowView[] = data.rows.map((r) => ({
    key: r.key,
    label: r.label,
    source: r.source,
    provider: r.provider,
    total: cellView(r.total, metric, data.hasEngagement),
    cells: cells(r.cells),
  }));
  return {
    metric,
    columnKeys: data.columnKeys,
    rows,
    all: { total: cellView(data.all.total, metric, data.hasEngagement), cells: cells(data.all.cells) },
    hiddenCohorts: data.hiddenCohorts,
    attributionDays: data.attributionDays,
    hasEngagement: data.hasEngagement,
    best: bestCohort(rows),
  };
}

/** The stored cohort table of one grouping × columns, as rates of one metric; "not-computed" before the first refresh. */
export async function getCohorts(ctx: Pick<OrgContext, "db" | "orgId">, input: CohortQueryInput): Promise<CohortsResult> {
  const q = ZCohortQuery.parse(input);
  const stored = await readView(ctx, {
    kind: "cohorts",
    key: cohortViewKey(q.grouping, q.columns),
    parse: (d) => ZCohortTableData.parse(d),
  });
  if (!stored) return { state: "not-computed", grouping: q.grouping, columns: q.columns, metric: COHORT_METRIC_DEFINITIONS[q.metric] };
  return {
    state: "ready",
    grouping: q.grouping,
    columns: q.columns,
    computedAt: stored.computedAt,
    durationMs: stored.durationMs,
    ...cohortView(stored.data, q.metric),
  };
}
