import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Every hour, on the hour: sends each channel's digest that is due (hourly channels every run, daily ones
 * a day after their previous digest) as one notification through `alerts.deliver`. Items are claimed in
 * the digest's transaction, so a re-run or an overlapping run never sends an item twice.
 */
export const alertsDigest = defineJob({
  name: "alerts.digest",
  schema: z.object({}),
  // A failed run leaves its items unclaimed; the next hour's run takes them, so retries only cover a blip.
  queue: { ...DEFAULT_QUEUE, retryLimit: 2, retryDelaySeconds: 30, expireInSeconds: 10 * 60 },
  cron: "0 * * * *",
  singletonKey: () => "alerts.digest",
});
