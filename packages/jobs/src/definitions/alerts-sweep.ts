import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Every minute: enqueues `alerts.evaluate` for every organization with an enabled rule. */
export const alertsSweep = defineJob({
  name: "alerts.sweep",
  schema: z.object({}),
  // A missed minute is covered by the next one: no point retrying a stale tick.
  queue: { ...DEFAULT_QUEUE, retryLimit: 0, expireInSeconds: 60 },
  cron: "* * * * *",
  singletonKey: () => "alerts.sweep",
});
