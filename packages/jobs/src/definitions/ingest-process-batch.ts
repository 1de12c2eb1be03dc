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
  queue: { ...DEFAULT_QUEUE, retryLimit: 8, expireInSeconds: 10 * 60 },
});
