export { bindMetricsDatabase } from "./collectors.ts";
export { metrics, statusClass, timeHttp, type Metrics } from "./registry.ts";
export { metricsEndpoint, renderMetrics, SCRAPE_REFUSAL_STATUS, scrapeAccess, type TScrapeAccess } from "./scrape.ts";
export { capLabels, ORG_METRICS_MAX_ENTITIES, ORG_METRICS_MAX_PROVIDERS, renderOrgMetrics } from "./org-metrics.ts";
