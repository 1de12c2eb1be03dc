export { getAnalyticsOverview } from "./overview.ts";
// The store interface is the seam a column store will implement for the largest organizations (issue 17).
export { postgresAnalyticsStore } from "./postgres-store.ts";
export { type AnalyticsStore } from "./store.ts";
export { ANALYTICS_DIMENSIONS, ZAnalyticsQuery, type AnalyticsQueryInput } from "./query.ts";
export { getRoi, ZRoiQuery } from "./roi.ts";
export { getRoiSettings, updateRoiSettings, ZUpdateRoiSettings } from "./roi-settings.ts";
export {
  queueAnalyticsRefresh,
  queueAnalyticsRefreshIfUsed,
  queueScheduledAnalyticsRefresh,
  refreshAnalyticsViews,
  VIEW_REFRESHERS,
  type ViewRefresher,
} from "./views/refresh.ts";
export { readView, saveView, type StoredView, type ViewKind } from "./views/store.ts";
export { getAnalyticsPanels, ZAnalyticsPanelsQuery } from "./panels.ts";
export { type AnalyticsPanelStore } from "./panels-store.ts";
export {
  COHORT_COLUMNS,
  COHORT_GROUPINGS,
  COHORT_METRIC_DEFINITIONS,
  COHORT_METRICS,
  computeCohorts,
  getCohorts,
  refreshCohorts,
  requestCohortRefresh,
  ZCohortQuery,
  type CohortColumns,
  type CohortGrouping,
  type CohortMetric,
  type CohortsResult,
} from "./cohorts/index.ts";
export {
  computeExperimentResults,
  createExperiment,
  deleteExperiment,
  describeMethod,
  EXPERIMENT_ASSIGN_BY,
  EXPERIMENT_CHANGE_KINDS,
  EXPERIMENT_DESIGNS,
  EXPERIMENT_METRICS,
  type ExperimentMetric,
  type ExperimentResultState,
  type ExperimentRow,
  type ExperimentVariant,
  type ExperimentView,
  formatConfidence,
  formatPoints,
  formatPValue,
  getExperiment,
  listExperiments,
  MAX_ALPHA,
  MAX_VARIANTS,
  METHOD_STATEMENTS,
  METRIC_INFO,
  refreshExperiments,
  refreshExperimentViews,
  stopExperiment,
  type TCreateExperiment,
  type TUpdateExperiment,
  updateExperiment,
  ZCreateExperiment,
  ZExperimentId,
  ZExperimentView,
  ZUpdateExperiment,
} from "./experiments/index.ts";
