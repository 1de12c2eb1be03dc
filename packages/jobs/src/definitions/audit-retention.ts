import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Nightly: deletes audit rows older than each organization's retention (default 365 days). */
export const auditRetention = defineJob({
  name: "audit.retention",
  schema: z.object({ olderThanDays: z.number().int().min(1).max(3650).optional() }),
  queue: { ...DEFAULT_QUEUE, retryLimit: 2 },
  cron: "17 3 * * *",
});
