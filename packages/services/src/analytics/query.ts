import { z } from "zod";

import { ValidationError } from "../errors.ts";

const DAY_MS = 86_400_000;
/** A year and a day: the widest range the dashboards offer ("last 365 days" plus a partial day). */
export const ANALYTICS_MAX_RANGE_DAYS = 366;

/**
 * The segment dimensions a view can be filtered and broken down by (each a column of the hourly and daily
 * delivery and reply-code rollups). DMARC records, probes and queue snapshots know no provider or
 * campaign: those figures ignore such filters (feedback-loop complaints are left out of filtered views).
 */
export const ANALYTICS_DIMENSIONS = ["provider", "senderDomain", "serverId", "campaign"] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

export const ZAnalyticsFilters = z.object({
  provider: z.string().min(1).max(60).optional(),
  senderDomain: z.string().min(1).max(253).optional(),
  serverId: z.string().min(1).max(40).optional(),
  campaign: z.string().min(1).max(200).optional(),
});
/**
 * One value per dimension from the dashboards (the query schema above); lists from a report's scope
 * (issue 14: chosen domains, servers, campaigns). Both may be given: a row must match each. An empty list
 * filters nothing.
 */
export type AnalyticsFilters = z.infer<typeof ZAnalyticsFilters> & {
  senderDomains?: readonly string[];
  serverIds?: readonly string[];
  campaigns?: readonly string[];
};

/** Whether the filters narrow the view below the whole organization (feedback loops then cannot be attributed). */
export function isFiltered(f: AnalyticsFilters): boolean {
  return Boolean(
    f.provider || f.senderDomain || f.serverId || f.campaign || f.senderDomains?.length || f.serverIds?.length || f.campaigns?.length,
  );
}

export const ZAnalyticsQuery = ZAnalyticsFilters.extend({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Compare with the period of the same length just before. */
  compare: z.boolean().default(true),
  breakdown: z.enum(ANALYTICS_DIMENSIONS).default("provider"),
});
export type AnalyticsQueryInput = z.input<typeof ZAnalyticsQuery>;

export interface Period {
  from: Date;
  to: Date;
}

/** The period of a query, checked: from before to, at most ANALYTICS_MAX_RANGE_DAYS long. */
export function periodOf(input: { from: string; to: string }): Period {
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (!(from < to)) throw new ValidationError("The start of the range must be before its end");
  if (to.getTime() - from.getTime() > ANALYTICS_MAX_RANGE_DAYS * DAY_MS) {
    throw new ValidationError(`The range may span at most ${ANALYTICS_MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}

/** The period of the same length that ends where `p` starts. */
export function previousPeriod(p: Period): Period {
  const length = p.to.getTime() - p.from.getTime();
  return { from: new Date(p.from.getTime() - length), to: new Date(p.from.getTime()) };
}

/** Series buckets: hours up to two days (a day of hours reads well), days beyond. */
export function bucketOf(p: Period): "hour" | "day" {
  return p.to.getTime() - p.from.getTime() <= 2 * DAY_MS ? "hour" : "day";
}
