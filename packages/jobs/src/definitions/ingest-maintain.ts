import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Nightly: DeliveryEvent partitions ahead, raw batch / event / rollup retention (services/ingest/maintain.ts). */
export const ingestMaintain = defineJob({
  name: "ingest.maintain",
  schema: z.object({}),
  queue: { ...DEFAULT_QUEUE, retryLimit: 2 },
  cron: "41 2 * * *",
  singletonKey: () => "ingest.maintain",
});
