import { z } from "zod";

import { defineJob } from "../define.ts";

/** Where jobs that exhausted their retries end up; kept 14 days for inspection, never processed. */
export const deadLetter = defineJob({
  name: "dead-letter",
  schema: z.unknown(),
  queue: { retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, expireInSeconds: 60 },
});
