import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Every minute: enqueues `dns.check-domain` / `dns.check-ip` for every domain and IP that is due
 * (never checked, or its next check time has passed).
 */
export const dnsSchedule = defineJob({
  name: "dns.schedule",
  schema: z.object({}),
  // A missed minute is picked up by the next one: no point retrying a stale tick.
  queue: { ...DEFAULT_QUEUE, retryLimit: 0, expireInSeconds: 60 },
  cron: "* * * * *",
  singletonKey: () => "dns.schedule",
});
