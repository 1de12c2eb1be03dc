import { type KpiInputs } from "@inboxwatch/analytics/kpi";

import { type OrgContext } from "../context.ts";
import { type AnalyticsDimension, type AnalyticsFilters, type Period } from "./query.ts";

export interface SeriesBucket {
  at: Date;
  attempted: number;
  accepted: number;
  deferred: number;
  bounced: number;
}

export interface SegmentCounts {
  key: string;
  inputs: KpiInputs;
}

export interface Annotation {
  at: Date;
  kind: "incident" | "maintenance" | "dns-change";
  title: string;
  /** The page that shows it (an incident, the maintenance list, a domain or IP). */
  href: string | null;
}

/**
 * Where the dashboards read their counts. Pages and verbs only see this interface, so the largest
 * organizations can later be served by a column store without touching them (issue 17); the PostgreSQL
 * implementation reads the rollups, DMARC records, probe rollups and queue snapshots.
 */
export interface AnalyticsStore {
  kpiInputs(ctx: OrgContext, period: Period, filters: AnalyticsFilters): Promise<KpiInputs>;
  series(ctx: OrgContext, period: Period, filters: AnalyticsFilters, bucket: "hour" | "day"): Promise<SeriesBucket[]>;
  breakdown(ctx: OrgContext, period: Period, filters: AnalyticsFilters, dimension: AnalyticsDimension): Promise<SegmentCounts[]>;
  annotations(ctx: OrgContext, period: Period): Promise<Annotation[]>;
}
