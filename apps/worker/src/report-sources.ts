/**
 * Wiring of the DMARC source naming job: one resolver per worker process (DNS_SERVERS,
 * DNS_QUERY_TIMEOUT_MS, like the DNS checks), and the `reports.process` handler that queues a naming run
 * for the organization once a report is parsed.
 */
import { type Db } from "@inboxwatch/db";
import { createResolver, type DnsResolver } from "@inboxwatch/deliverability/dns";
import { sendJob } from "@inboxwatch/jobs";
import { processRawReport } from "@inboxwatch/services/reports/index";
import { nameReportSources } from "@inboxwatch/services/reports/source-names";

import { workerEnv } from "./env.ts";

let resolver: DnsResolver | undefined;
function sourceResolver(): DnsResolver {
  if (!resolver) {
    const env = workerEnv();
    const servers = env.DNS_SERVERS.split(",").map((s) => s.trim()).filter(Boolean);
    resolver = createResolver({ ...(servers.length ? { servers } : {}), timeoutMs: env.DNS_QUERY_TIMEOUT_MS });
  }
  return resolver;
}

export const nameSourcesJob = (payload: { orgId: string }, { db }: { db: Db }) => nameReportSources(db, payload, { resolver: sourceResolver() });

/** Parses the report, then (outside its transaction, so parsing never waits on it) queues the naming run. */
export async function processReportJob(payload: { orgId: string; rawReportId: string }, { db }: { db: Db }) {
  const result = await processRawReport(db, payload);
  // One statement on the pool (no transaction): the job row is all there is to write.
  if (result.status === "PARSED") await sendJob("reports.name-sources", { orgId: payload.orgId }, { tx: db });
  return result;
}
