/**
 * Job handlers: each one wires a job from the registry to a service verb. Handlers are idempotent
 * (a job may run twice) and never swallow errors, so pg-boss retries and dead-letters them.
 */
import { type Db } from "@inboxwatch/db";
import { type JobName, type JobPayload } from "@inboxwatch/jobs";
import { deliverMail, pruneAuditLog } from "@inboxwatch/services";
import { maintainIngest, processLogBatch } from "@inboxwatch/services/ingest/index";
import { processRawReport } from "@inboxwatch/services/reports/index";

import { deliverJob, evaluateJob, sweepJob } from "./alerts.ts";
import { checkDomainJob, checkIpJob, scheduleJob } from "./dns-checks.ts";
import { runProbeJob, scheduleProbesJob } from "./probes.ts";

export type Handler<N extends JobName> = (payload: JobPayload<N>, deps: { db: Db }) => Promise<unknown>;

export const handlers: { [N in JobName]?: Handler<N> } = {
  "mail.send": (payload, { db }) => deliverMail(db, payload),
  "audit.retention": async (payload, { db }) => ({ deleted: await pruneAuditLog(db, payload.olderThanDays) }),
  "dns.check-domain": checkDomainJob,
  "dns.check-ip": checkIpJob,
  "dns.schedule": scheduleJob,
  "ingest.process-batch": (payload, { db }) => processLogBatch(db, payload),
  "ingest.maintain": (_payload, { db }) => maintainIngest(db),
  "reports.process": (payload, { db }) => processRawReport(db, payload),
  "probes.schedule": scheduleProbesJob,
  "probes.run": runProbeJob,
  "alerts.evaluate": evaluateJob,
  "alerts.sweep": sweepJob,
  "alerts.deliver": deliverJob,
};
