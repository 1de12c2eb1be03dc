import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * One SMTP probe of one monitor, recorded with its state change, drift and rollup. `slot` is the
 * scheduled time it stands for: a second run of the same slot records nothing.
 */
export const probesRun = defineJob({
  name: "probes.run",
  schema: z.object({ orgId: z.string().min(1).max(40), monitorId: z.string().min(1).max(40), slot: z.iso.datetime() }),
  // The probe is capped at 90 s by the engine; a failed run is not retried (the next slot comes anyway),
  // only a storage failure is, once.
  // Probes wait on the network, not the CPU: 25 at once per process (≈ 3 ms of CPU each, bench/smtp-probe).
  queue: { ...DEFAULT_QUEUE, retryLimit: 1, retryDelaySeconds: 5, expireInSeconds: 3 * 60, concurrency: 25 },
  singletonKey: (p) => `probes.run:${p.monitorId}`,
});
