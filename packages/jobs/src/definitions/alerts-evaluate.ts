import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Evaluates an organization's alert rules (all enabled ones, or `ruleIds`) against the data that landed,
 * opening, updating or resolving incidents and queueing their notifications in the same transaction.
 * Enqueued by the sweep every minute and by jobs that write new signals.
 */
export const alertsEvaluate = defineJob({
  name: "alerts.evaluate",
  schema: z.object({ orgId: z.string().min(1).max(40), ruleIds: z.array(z.string().min(1).max(40)).max(1000).optional() }),
  // An evaluation is cheap and the next sweep redoes it: a couple of retries cover a lost connection.
  queue: { ...DEFAULT_QUEUE, retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 5 * 60 },
  singletonKey: (p) => `alerts.evaluate:${p.orgId}`,
});
