/**
 * Wiring of the DMARC source naming job: the platform resolver (DNS_SERVERS, DNS_QUERY_TIMEOUT_MS, like
 * every other lookup), and the `reports.process` handler that queues a naming run
 * for the organization once a report is parsed.
 */
import { type Db } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { processRawReport, processRawReports, type ProcessOutcome } from "@inboxwatch/services/reports";
import { platformDns } from "@inboxwatch/services";
import { nameReportSources } from "@inboxwatch/services/reports";
import { systemContext } from "@inboxwatch/services";
import { metrics } from "@inboxwatch/services/metrics";

export const nameSourcesJob = (payload: { orgId: string }, { db }: { db: Db }) =>
  nameReportSources(systemContext(db, "reports"), payload, { resolver: platformDns().resolver });

/**
 * Jobs per fetch for `reports.process`: a burst of report mail (providers send most aggregate reports
 * around midnight UTC) is stored with one read and one store statement per batch, not two per report.
 */
export const REPORTS_PROCESS_BATCH_SIZE = 50;

/**
 * The batch handler: processes the fetched reports together, then queues one naming run and one alert
 * evaluation per organization that got new rows. Each follow-up is one statement on the pool.
 */
export async function processReportBatchJob(
  payloads: { orgId: string; rawReportId: string }[],
  { db }: { db: Db },
): Promise<ProcessOutcome[]> {
  const outcomes = await processRawReports(systemContext(db, "reports"), { items: payloads });
  for (const outcome of outcomes) metrics().reportsProcessed.inc({ outcome });
  const parsedOrgs = new Set(payloads.filter((_, i) => outcomes[i] === "PARSED").map((p) => p.orgId));
  for (const orgId of parsedOrgs) {
    await sendJob("reports.name-sources", { orgId }, { tx: db });
    // DMARC compliance and TLS-RPT failure rules read the report tables (alerting/inputs.ts).
    await sendJob("alerts.evaluate", { orgId }, { tx: db });
  }
  return outcomes;
}

/** Parses the report, then (outside its transaction, so parsing never waits on it) queues the naming run. */
export async function processReportJob(payload: { orgId: string; rawReportId: string }, { db }: { db: Db }) {
  const result = await processRawReport(systemContext(db, "reports"), payload);
  metrics().reportsProcessed.inc({ outcome: result.status });
  // One statement on the pool (no transaction): the job row is all there is to write.
  if (result.status === "PARSED") await sendJob("reports.name-sources", { orgId: payload.orgId }, { tx: db });
  return result;
}
