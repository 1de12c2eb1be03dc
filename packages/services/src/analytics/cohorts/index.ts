export { computeCohorts, COHORT_ATTRIBUTION_DAYS, COHORTS_MAX_ROWS, latestEventId, refreshCohorts } from "./compute.ts";
export { requestCohortRefresh } from "./queue.ts";
export {
  bestCohort,
  COHORT_METRIC_DEFINITIONS,
  cohortView,
  type BestCohort,
  type CohortCellView,
  type CohortMetricDefinition,
  type CohortQueryInput,
  type CohortRowView,
  type CohortsResult,
  getCohorts,
  ZCohortQuery,
} from "./read.ts";
export {
  COHORT_COLUMNS,
  COHORT_GROUPINGS,
  COHORT_METRICS,
  type CohortColumns,
  type CohortGrouping,
  type CohortMetric,
  type CohortTableData,
  cohortViewKey,
  NO_SIGNUP_DATE,
  UNKNOWN_SOURCE,
} from "./types.ts";
