import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Daily: ProbeResult partitions ahead, result and rollup retention (services/probes/maintain.ts). */
export const probesMaintain = defineJob({
  name: "probes.maintain",
  schema: z.object({}),
  queue: { ...DEFAULT_QUEUE, retryLimit: 2 },
  cron: "23 3 * * *",
  singletonKey: () => "probes.maintain",
});
