import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Every 5 minutes: finds the report definitions whose next send is due (all organizations), creates each
 * run's edition (idempotent on the definition and period) and queues its build. Fan-out is bounded by the
 * build queue's concurrency, not by this sweep.
 */
export const reportSchedule = defineJob({
  name: "report.schedule",
  schema: z.object({}),
  queue: { ...DEFAULT_QUEUE, retryLimit: 1, expireInSeconds: 5 * 60 },
  cron: "*/5 * * * *",
  singletonKey: () => "report.schedule",
});

/**
 * Builds one edition: figures frozen from the period's data, the PDF rendered by Chromium, then one
 * `report.deliver` job per recipient and channel, queued in the transaction that marks the edition ready.
 * The handler counts its attempts on the edition; the last one that fails marks it failed and mails the
 * organization's admins instead of sending something half-empty.
 */
export const reportBuild = defineJob({
  name: "report.build",
  schema: z.object({ editionId: z.string().min(1).max(40) }),
  // Two builds at once per worker process: each holds a Chromium page and a month of figures.
  queue: { ...DEFAULT_QUEUE, retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 5 * 60, concurrency: 2 },
  singletonKey: (p) => `report.build:${p.editionId}`,
});

/** Sends one edition to one recipient or channel; claimed before sending and marked after, so it is sent once. */
export const reportDeliver = defineJob({
  name: "report.deliver",
  schema: z.object({ deliveryId: z.string().min(1).max(40) }),
  // Answers that deserve a retry are rescheduled by the handler with a growing delay; the queue's own
  // retries cover a crashed handler. No singleton key: the handler reschedules while its own job is active.
  queue: { ...DEFAULT_QUEUE, retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 2 * 60 },
});
