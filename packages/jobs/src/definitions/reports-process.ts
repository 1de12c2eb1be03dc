import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Parses one stored raw report into its typed rows. Enqueued in the transaction that stored the raw
 * report (or reset it for reprocessing); idempotent: a report that is no longer PENDING is left alone.
 */
export const reportsProcess = defineJob({
  name: "reports.process",
  schema: z.object({ orgId: z.string().min(1).max(40), rawReportId: z.string().min(1).max(40) }),
  // A parse is deterministic: retries only help against database trouble, so a few are enough (5–10 s,
  // then doubling: about 2.5 minutes of outage at most). The short first delay is also what a batch whose
  // worker died waits after its job lease ends (apps/worker/src/job-lease.ts); expireInSeconds stays the
  // longest a batch may run.
  queue: { ...DEFAULT_QUEUE, retryLimit: 4, retryDelaySeconds: 5 },
  singletonKey: (p) => p.rawReportId,
});
