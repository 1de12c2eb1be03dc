import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Every minute: enqueues `probes.run` for every due SMTP monitor (per-organization cap per sweep). */
export const probesSchedule = defineJob({
  name: "probes.schedule",
  schema: z.object({}),
  // A missed minute is picked up by the next one: no point retrying a stale tick.
  queue: { ...DEFAULT_QUEUE, retryLimit: 0, expireInSeconds: 60 },
  cron: "* * * * *",
  singletonKey: () => "probes.schedule",
});
