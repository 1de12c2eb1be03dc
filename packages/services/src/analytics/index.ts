export { getAnalyticsOverview } from "./overview.ts";
// The store interface is the seam a column store will implement for the largest organizations (issue 17).
export { postgresAnalyticsStore } from "./postgres-store.ts";
export { type AnalyticsStore } from "./store.ts";
export { ANALYTICS_DIMENSIONS, ZAnalyticsQuery, type AnalyticsQueryInput } from "./query.ts";
export { getRoi, ZRoiQuery } from "./roi.ts";
export { getRoiSettings, updateRoiSettings, ZUpdateRoiSettings } from "./roi-settings.ts";
export {
  queueAnalyticsRefresh,
  queueScheduledAnalyticsRefresh,
  refreshAnalyticsViews,
  VIEW_REFRESHERS,
  type ViewRefresher,
} from "./views/refresh.ts";
export { readView, saveView, type StoredView, type ViewKind } from "./views/store.ts";
export { getAnalyticsPanels, ZAnalyticsPanelsQuery } from "./panels.ts";
export { type AnalyticsPanelStore } from "./panels-store.ts";
