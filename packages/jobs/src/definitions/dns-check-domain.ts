import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Runs every DNS check of one sending domain (MX, SPF, DKIM, DMARC, BIMI, MTA-STS, TLS-RPT, domain
 * blocklists), stores the result and its drift. One queued job per domain at a time.
 */
export const dnsCheckDomain = defineJob({
  name: "dns.check-domain",
  schema: z.object({ orgId: z.string().min(1).max(40), id: z.string().min(1).max(40) }),
  // A full check waits on DNS timeouts and a 10 s MTA-STS fetch at most; 5 minutes is generous.
  queue: { ...DEFAULT_QUEUE, retryLimit: 2, expireInSeconds: 5 * 60 },
  singletonKey: (p) => `dns.check-domain:${p.id}`,
});
