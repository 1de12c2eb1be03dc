/**
 * The stored shape of a cohort table (an AnalyticsView of kind "cohorts"): counts only, never rates, so
 * that the reader applies the KPI catalogue's minimum-volume rule and Wilson intervals the same way
 * every time. Keys are "<grouping>:<columns>", e.g. "source-provider:weeks".
 */
import { z } from "zod";

export const COHORT_GROUPINGS = ["source-provider", "signup-month"] as const;
export type CohortGrouping = (typeof COHORT_GROUPINGS)[number];

export const COHORT_COLUMNS = ["weeks-since-signup", "calendar-week"] as const;
export type CohortColumns = (typeof COHORT_COLUMNS)[number];

/** The rate a heat map shows; each has its numerator and denominator in CohortCounts. */
export const COHORT_METRICS = ["accepted", "inbox", "click", "conversion"] as const;
export type CohortMetric = (typeof COHORT_METRICS)[number];

/** The view key of one grouping × columns combination. */
export function cohortViewKey(grouping: CohortGrouping, columns: CohortColumns): string {
  return `${grouping}:${columns === "weeks-since-signup" ? "weeks" : "calendar"}`;
}

/** Labels of the cohorts that have no profile field to group by: they are shown, never dropped. */
export const UNKNOWN_SOURCE = "(unknown source)";
export const NO_SIGNUP_DATE = "(no signup date)";

export const ZCohortCounts = z.object({
  /** Distinct recipients with a message in the cell: the sample size printed in every cell. */
  recipients: z.number(),
  /** Distinct recipients with a delivered message in the cell: the conversion rate's denominator. */
  deliveredRecipients: z.number(),
  /** Messages (message key × recipient) with a delivery attempt. */
  attempted: z.number(),
  /** Messages accepted by the receiving server (= delivered). */
  accepted: z.number(),
  /** Messages opened at least once (the inbox proxy's numerator). */
  opened: z.number(),
  /** Messages clicked at least once. */
  clicked: z.number(),
  /** Distinct recipients with a conversion attributed to a message of the cell. */
  convertedRecipients: z.number(),
  /** Attributed conversion value per ISO 4217 currency, never mixed. */
  value: z.record(z.string(), z.number()),
});
export type CohortCounts = z.infer<typeof ZCohortCounts>;

export const ZCohortTableData = z.object({
  grouping: z.enum(COHORT_GROUPINGS),
  columns: z.enum(COHORT_COLUMNS),
  /** The columns in display order: weeks "0".."12", "13+" (and "before signup" / "no signup date" when used), or ISO weeks. */
  columnKeys: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      /** source-provider only: the two halves of the cohort. */
      source: z.string().nullable(),
      provider: z.string().nullable(),
      total: ZCohortCounts,
      cells: z.record(z.string(), ZCohortCounts),
    }),
  ),
  /** Every cohort together (the table's last row). */
  all: z.object({ total: ZCohortCounts, cells: z.record(z.string(), ZCohortCounts) }),
  /** Cohorts beyond COHORTS_MAX_ROWS (the smallest), left out of `rows` but counted in `all`. */
  hiddenCohorts: z.number(),
  attributionDays: z.number(),
  /** calendar-week: the first day (Monday, UTC) of the oldest week shown. */
  windowStart: z.string().nullable(),
  /** False when no source reported a single open or click: engagement rates are "no data", not 0 %. */
  hasEngagement: z.boolean(),
});
export type CohortTableData = z.infer<typeof ZCohortTableData>;

export const emptyCounts = (): CohortCounts => ({
  recipients: 0,
  deliveredRecipients: 0,
  attempted: 0,
  accepted: 0,
  opened: 0,
  clicked: 0,
  convertedRecipients: 0,
  value: {},
});
