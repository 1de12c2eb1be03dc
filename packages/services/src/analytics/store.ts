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

/** Non-2xx remote replies with one reply code in one bucket (hour or UTC day). */
export interface ReplyCodePoint {
  at: Date;
  /** The SMTP reply code, e.g. "421", "550". */
  code: string;
  count: number;
}

export interface Annotation {
  at: Date;
  kind: "incident" | "maintenance" | "dns-change" | "blocklisting";
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
  /**
   * 4xx / 5xx remote replies per bucket and code, for the REPLY_CODE_SERIES_TOP_CODES most frequent codes
   * of the period (the others are left out); oldest first, buckets with data only.
   */
  replyCodeSeries(ctx: OrgContext, period: Period, filters: AnalyticsFilters, bucket: "hour" | "day"): Promise<ReplyCodePoint[]>;
}
