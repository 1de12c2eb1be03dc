import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Checks one sending IP: reverse DNS (PTR, FCrDNS, HELO) and the IP blocklists; stores result and drift. */
export const dnsCheckIp = defineJob({
  name: "dns.check-ip",
  schema: z.object({ orgId: z.string().min(1).max(40), id: z.string().min(1).max(40) }),
  queue: { ...DEFAULT_QUEUE, retryLimit: 2, expireInSeconds: 5 * 60 },
  singletonKey: (p) => `dns.check-ip:${p.id}`,
});
