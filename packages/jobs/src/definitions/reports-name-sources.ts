import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Resolves PTR and provider names for an organization's new DMARC source IPs. Queued after a report is
 * parsed; one per organization at a time (a burst of reports queues one run, which names all of them).
 */
export const reportsNameSources = defineJob({
  name: "reports.name-sources",
  schema: z.object({ orgId: z.string().min(1).max(40) }),
  // Names are a nicety: a failed run is retried a little, and the next report queues another anyway.
  queue: { ...DEFAULT_QUEUE, retryLimit: 2, expireInSeconds: 5 * 60 },
  singletonKey: (p) => p.orgId,
});
