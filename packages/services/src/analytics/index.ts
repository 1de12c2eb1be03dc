export { getAnalyticsOverview, type AnalyticsOverview, type BreakdownRow, type KpiFigure } from "./overview.ts";
export { postgresAnalyticsStore } from "./postgres-store.ts";
export {
  ANALYTICS_DIMENSIONS,
  ANALYTICS_MAX_RANGE_DAYS,
  ZAnalyticsQuery,
  type AnalyticsDimension,
  type AnalyticsQueryInput,
} from "./query.ts";
export { type AnalyticsStore, type Annotation } from "./store.ts";
export { getRoi, type RoiSummary, ZRoiQuery } from "./roi.ts";
export { DEFAULT_ROI_SETTINGS, getRoiSettings, updateRoiSettings, ZUpdateRoiSettings, type RoiSettingsValues } from "./roi-settings.ts";
