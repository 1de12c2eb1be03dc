import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Delivers one Notification row to its channel (one attempt per job, same notification id = webhook-id
 * every time). Retryable outcomes are rescheduled by the handler itself as a new job starting after
 * `nextRetryDelay` (honouring Retry-After), so the queue's own retries only cover crashes of the handler.
 */
export const alertsDeliver = defineJob({
  name: "alerts.deliver",
  schema: z.object({ notificationId: z.string().min(1).max(200) }),
  // One attempt is bounded by the channel timeout (10 s); a handler crash is retried a few times.
  queue: { ...DEFAULT_QUEUE, retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 2 * 60 },
});
