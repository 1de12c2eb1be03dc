/**
 * Job handlers: each one wires a job from the registry to a service verb. Handlers are idempotent
 * (a job may run twice) and never swallow errors, so pg-boss retries and dead-letters them.
 */
import { type Db } from "@inboxwatch/db";
import { type JobName, type JobPayload, sendJob } from "@inboxwatch/jobs";
import { forOrg, systemContext } from "@inboxwatch/services";
import { queueAnalyticsRefreshIfUsed, queueScheduledAnalyticsRefresh, refreshAnalyticsViews } from "@inboxwatch/services/analytics";
import { pruneAuditLog } from "@inboxwatch/services/audit";
import { deliverQueuedMail } from "@inboxwatch/services/mail";
import { maintainIngest, processLogBatch } from "@inboxwatch/services/ingest";
import { runMailboxPoll } from "@inboxwatch/services/reports";

import {
  DELIVER_BATCH_SIZE,
  deliverBatchJob,
  deliverJob,
  digestJob,
  EVALUATE_BATCH_SIZE,
  evaluateBatchJob,
  evaluateJob,
  sweepJob,
} from "./alerts.ts";
import { runImportInChild } from "./import-job.ts";
import { checkDomainJob, checkIpJob, scheduleJob } from "./dns-checks.ts";
import { nameSourcesJob, processReportBatchJob, processReportJob, REPORTS_PROCESS_BATCH_SIZE } from "./report-sources.ts";
import { maintainProbesJob, runProbeJob, scheduleProbesJob, syncMxJob } from "./probes.ts";
import { buildReportJob, deliverReportJob, scheduleReportsJob } from "./scheduled-reports.ts";

export type Handler<N extends JobName> = (payload: JobPayload<N>, deps: { db: Db }) => Promise<unknown>;

/** A handler that takes up to `size` jobs per fetch; they complete (or fail and retry) together. */
export interface BatchHandler<N extends JobName> {
  size: number;
  handler: (payloads: JobPayload<N>[], deps: { db: Db }) => Promise<unknown>;
}

/** Queues worked in batches (the worker prefers these to `handlers`): alert bursts drain at batch speed. */
export const batchHandlers: { [N in JobName]?: BatchHandler<N> } = {
  "alerts.evaluate": { size: EVALUATE_BATCH_SIZE, handler: evaluateBatchJob },
  "alerts.deliver": { size: DELIVER_BATCH_SIZE, handler: deliverBatchJob },
  "reports.process": { size: REPORTS_PROCESS_BATCH_SIZE, handler: processReportBatchJob },
};

/** How long after an ingested batch its organization's cohort and experiment views are refreshed. */
const ANALYTICS_REFRESH_AFTER_INGEST_SECONDS = 300;

/**
 * Wraps a job that writes new signals for an organization (probe results, DNS checks, deliveries) so
 * its alert rules are evaluated right away instead of at the next minute's sweep. The evaluation job has
 * a singleton key per organization, so a burst of probes queues one evaluation, not hundreds.
 */
export function thenEvaluate<N extends JobName>(
  handler: Handler<N>,
  orgIdOf: (payload: JobPayload<N>, db: Db) => Promise<string | null> | string,
  options: { refreshAnalytics?: boolean } = {},
): Handler<N> {
  return async (payload, deps) => {
    const result = await handler(payload, deps);
    const orgId = await orgIdOf(payload, deps.db);
    if (!orgId) return result;
    await deps.db.$transaction((tx) => sendJob("alerts.evaluate", { orgId }, { tx }));
    // Cohort and experiment views count delivery events: refreshed a few minutes later (one queued run per
    // organization however many batches land meanwhile), and only where the organization uses them.
    if (options.refreshAnalytics) {
      await queueAnalyticsRefreshIfUsed({ orgId, db: deps.db }, { delaySeconds: ANALYTICS_REFRESH_AFTER_INGEST_SECONDS });
    }
    return result;
  };
}

async function batchOrgId(payload: { batchId: string }, db: Db): Promise<string | null> {
  const batch = await db.rawLogBatch.findUnique({ where: { id: payload.batchId }, select: { orgId: true } });
  return batch?.orgId ?? null;
}

export const handlers: { [N in JobName]?: Handler<N> } = {
  "mail.send": (payload, { db }) => deliverQueuedMail(systemContext(db, "mail"), payload),
  "audit.retention": async (payload, { db }) => ({
    deleted: await pruneAuditLog(systemContext(db, "audit retention"), { olderThanDays: payload.olderThanDays }),
  }),
  "dns.check-domain": thenEvaluate(checkDomainJob, (p) => p.orgId),
  "dns.check-ip": thenEvaluate(checkIpJob, (p) => p.orgId),
  "dns.schedule": scheduleJob,
  "ingest.process-batch": thenEvaluate((payload, { db }) => processLogBatch(systemContext(db, "log processing"), payload), batchOrgId, {
    refreshAnalytics: true,
  }),
  "ingest.maintain": (_payload, { db }) => maintainIngest(systemContext(db, "ingest maintenance")),
  // DMARC compliance and TLS-RPT failure rules read the report tables (alerting/inputs.ts).
  "reports.process": thenEvaluate(processReportJob, (p) => p.orgId),
  "reports.name-sources": nameSourcesJob,
  "reports.poll-imap": (payload, { db }) => runMailboxPoll(systemContext(db, "imap poll"), payload),
  "probes.schedule": scheduleProbesJob,
  "probes.run": thenEvaluate(runProbeJob, (p) => p.orgId),
  "probes.maintain": maintainProbesJob,
  "probes.sync-mx": syncMxJob,
  "alerts.evaluate": evaluateJob,
  "alerts.sweep": sweepJob,
  "alerts.deliver": deliverJob,
  "alerts.digest": digestJob,
  "analytics.refresh": (payload, { db }) => refreshAnalyticsViews(forOrg(systemContext(db, "analytics refresh"), payload.orgId)),
  "analytics.refresh-sweep": async (_payload, { db }) => ({
    queued: await queueScheduledAnalyticsRefresh(systemContext(db, "analytics refresh")),
  }),
  // In a child process with a capped heap (import-job.ts): a 100 MB CSV stays under 250 MiB RSS.
  "analytics.import": (payload) => runImportInChild(payload),
  "report.schedule": scheduleReportsJob,
  "report.build": buildReportJob,
  "report.deliver": deliverReportJob,
};
