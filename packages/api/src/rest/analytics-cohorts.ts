/**
 * GET /api/v1/analytics/cohorts: the stored cohort table of one grouping × columns as rates of one
 * metric, with its sample sizes and the best cohort — what the heat map page shows. Never computed on
 * the request: before the first refresh the reply is {"state":"not-computed"}.
 */
import { z } from "zod";

import { ValidationError } from "@inboxwatch/services";
import { COHORT_COLUMNS, COHORT_GROUPINGS, COHORT_METRICS, type CohortsResult } from "@inboxwatch/services/analytics";

const ZRate = z.union([
  z.object({ state: z.literal("ok"), value: z.number().describe("0..1"), volume: z.number().describe("The denominator") }),
  z
    .object({ state: z.literal("not-enough"), volume: z.number(), minVolume: z.number() })
    .describe("Below the metric's minimum volume: not enough mail"),
  z.object({ state: z.literal("no-data") }).describe("Nothing to divide by, or no source reported engagement"),
]);

const ZCell = z.object({
  recipients: z.number().describe("Distinct recipients: the cell's sample size"),
  rate: ZRate,
  interval: z.object({ low: z.number(), high: z.number() }).nullable().describe("95 % Wilson interval of an ok rate"),
  value: z.record(z.string(), z.number()).describe("Attributed conversion value per ISO 4217 currency"),
});

const ZMetric = z.object({
  id: z.enum(COHORT_METRICS),
  label: z.string(),
  formula: z.string(),
  minVolume: z.number(),
  volumeNoun: z.enum(["messages", "recipients"]),
  needsEngagement: z.boolean(),
});

export const ZCohortsResponse = z.union([
  z.object({
    state: z.literal("not-computed").describe("No refresh has computed this table yet"),
    grouping: z.enum(COHORT_GROUPINGS),
    columns: z.enum(COHORT_COLUMNS),
    metric: ZMetric,
  }),
  z.object({
    state: z.literal("ready"),
    grouping: z.enum(COHORT_GROUPINGS),
    columns: z.enum(COHORT_COLUMNS),
    metric: ZMetric,
    computedAt: z.string().describe("ISO 8601: when the table was computed"),
    durationMs: z.number(),
    columnKeys: z.array(z.object({ key: z.string(), label: z.string() })),
    rows: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        source: z.string().nullable(),
        provider: z.string().nullable(),
        total: ZCell,
        cells: z.record(z.string(), ZCell).describe("By column key; a column without mail has no entry"),
      }),
    ),
    all: z.object({ total: ZCell, cells: z.record(z.string(), ZCell) }),
    hiddenCohorts: z.number().describe("Smallest cohorts left out of rows (still counted in all)"),
    attributionDays: z.number(),
    hasEngagement: z.boolean(),
    best: z
      .object({
        key: z.string(),
        label: z.string(),
        rate: z.number(),
        interval: z.object({ low: z.number(), high: z.number() }),
        volume: z.number(),
        recipients: z.number(),
      })
      .nullable()
      .describe("Highest rate by the lower bound of its 95 % Wilson interval, among cohorts above the minimum volume"),
  }),
]);

function oneOf<T extends string>(url: URL, name: string, allowed: readonly T[]): T | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ValidationError(`"${name}" must be one of ${allowed.join(", ")}`);
  return value as T;
}

/** ?grouping=source-provider|signup-month, ?columns=weeks-since-signup|calendar-week, ?metric=accepted|inbox|click|conversion. */
export function parseCohortQuery(url: URL) {
  return {
    grouping: oneOf(url, "grouping", COHORT_GROUPINGS),
    columns: oneOf(url, "columns", COHORT_COLUMNS),
    metric: oneOf(url, "metric", COHORT_METRICS),
  };
}

export function toCohortsResponse(r: CohortsResult) {
  return r.state === "ready" ? { ...r, computedAt: r.computedAt.toISOString() } : r;
}
