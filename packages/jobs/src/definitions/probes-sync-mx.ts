import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Resolves a watched sending domain's MX set and brings its MX host monitors in step (hosts added or
 * removed are drift events). Queued by `probes.schedule` when due and when a watch is switched on.
 */
export const probesSyncMx = defineJob({
  name: "probes.sync-mx",
  schema: z.object({ orgId: z.string().min(1).max(40), watchId: z.string().min(1).max(40) }),
  // A lookup that failed is tried again at the next interval anyway; retry only storage failures, once.
  queue: { ...DEFAULT_QUEUE, retryLimit: 1, retryDelaySeconds: 10, expireInSeconds: 60 },
  singletonKey: (p) => `probes.sync-mx:${p.watchId}`,
});
