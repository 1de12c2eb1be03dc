import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Parses one acknowledged RawLogBatch into delivery events and rollups, in one transaction. Enqueued in
 * the transaction that wrote the batch; safe to run twice (events dedup by business key, a processed
 * batch is skipped).
 */
export const ingestProcessBatch = defineJob({
  name: "ingest.process-batch",
  schema: z.object({ batchId: z.string().min(1).max(40) }),
  // expireInSeconds is the longest a run may take; a batch whose worker died is handed out again after the
  // worker's job lease (apps/worker/src/job-lease.ts) plus the first retry delay (5–10 s with backoff).
  queue: { ...DEFAULT_QUEUE, retryLimit: 8, retryDelaySeconds: 5, expireInSeconds: 10 * 60 },
});
