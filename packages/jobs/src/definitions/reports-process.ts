import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Parses one stored raw report into its typed rows. Enqueued in the transaction that stored the raw
 * report (or reset it for reprocessing); idempotent: a report that is no longer PENDING is left alone.
 */
export const reportsProcess = defineJob({
  name: "reports.process",
  schema: z.object({ orgId: z.string().min(1).max(40), rawReportId: z.string().min(1).max(40) }),
  // A parse is deterministic: retries only help against database trouble, so a few are enough.
  queue: { ...DEFAULT_QUEUE, retryLimit: 3 },
  singletonKey: (p) => p.rawReportId,
});
