import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Runs an uploaded metadata or conversion CSV (services analytics/imports): validates the whole file, then
 * writes it in one transaction. Queued in the transaction that records the upload.
 */
export const analyticsImport = defineJob({
  name: "analytics.import",
  schema: z.object({ importId: z.string().min(1).max(40) }),
  // A failed run marks the import FAILED (nothing half-written), so a retry only finds it finished;
  // one import at a time per process keeps the worker's memory at one file's batch.
  queue: { ...DEFAULT_QUEUE, retryLimit: 1, retryDelaySeconds: 30, expireInSeconds: 60 * 60, concurrency: 1 },
  singletonKey: (p) => `analytics.import:${p.importId}`,
});
