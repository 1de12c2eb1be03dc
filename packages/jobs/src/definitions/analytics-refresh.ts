import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Recomputes an organization's computed analytics views (cohort tables, experiment results; services
 * analytics/views). Queued after imports and ingested batches, a little later so a burst is one run, and
 * by the scheduled sweep.
 */
export const analyticsRefresh = defineJob({
  name: "analytics.refresh",
  schema: z.object({ orgId: z.string().min(1).max(40) }),
  // One run at a time per process: a refresh of a large organization is a few heavy queries.
  queue: { ...DEFAULT_QUEUE, retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 15 * 60, concurrency: 1 },
  singletonKey: (p) => `analytics.refresh:${p.orgId}`,
});

/** Every 30 minutes: queue a refresh for each organization with analytics data (the schedule's half of "refreshed as data lands and on a schedule"). */
export const analyticsRefreshSweep = defineJob({
  name: "analytics.refresh-sweep",
  schema: z.object({}),
  queue: { ...DEFAULT_QUEUE, retryLimit: 1 },
  cron: "*/30 * * * *",
  singletonKey: () => "analytics.refresh-sweep",
});
