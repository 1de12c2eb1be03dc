import { type OrgContext } from "../../context.ts";
import { queueAnalyticsRefresh } from "../views/refresh.ts";

/**
 * "Refresh now": queues the organization's analytics.refresh job to start at once. The tables are
 * recomputed by the worker, never in the request: over millions of events that takes seconds.
 */
export async function requestCohortRefresh(ctx: OrgContext): Promise<{ queued: true; queuedAt: Date }> {
  await queueAnalyticsRefresh(ctx, { delaySeconds: 0 });
  return { queued: true, queuedAt: new Date() };
}
