import { type z } from "zod";

import { analyticsImport } from "./definitions/analytics-import.ts";
import { analyticsRefresh, analyticsRefreshSweep } from "./definitions/analytics-refresh.ts";
import { alertsDeliver } from "./definitions/alerts-deliver.ts";
import { alertsDigest } from "./definitions/alerts-digest.ts";
import { alertsEvaluate } from "./definitions/alerts-evaluate.ts";
import { alertsSweep } from "./definitions/alerts-sweep.ts";
import { auditRetention } from "./definitions/audit-retention.ts";
import { deadLetter } from "./definitions/dead-letter.ts";
import { ingestMaintain } from "./definitions/ingest-maintain.ts";
import { ingestProcessBatch } from "./definitions/ingest-process-batch.ts";
import { dnsCheckDomain } from "./definitions/dns-check-domain.ts";
import { dnsCheckIp } from "./definitions/dns-check-ip.ts";
import { dnsSchedule } from "./definitions/dns-schedule.ts";
import { mailSend } from "./definitions/mail-send.ts";
import { probesMaintain } from "./definitions/probes-maintain.ts";
import { probesRun } from "./definitions/probes-run.ts";
import { probesSchedule } from "./definitions/probes-schedule.ts";
import { probesSyncMx } from "./definitions/probes-sync-mx.ts";
import { reportsProcess } from "./definitions/reports-process.ts";
import { reportsPollImap } from "./definitions/reports-poll-imap.ts";
import { reportsNameSources } from "./definitions/reports-name-sources.ts";
import { reportBuild, reportDeliver, reportSchedule } from "./definitions/report-jobs.ts";

/** Every job the platform knows. A job not listed here cannot be sent or worked. */
export const JOBS = {
  [mailSend.name]: mailSend,
  [auditRetention.name]: auditRetention,
  [deadLetter.name]: deadLetter,
  [reportsProcess.name]: reportsProcess,
  [reportsPollImap.name]: reportsPollImap,
  [reportsNameSources.name]: reportsNameSources,
  [ingestProcessBatch.name]: ingestProcessBatch,
  [ingestMaintain.name]: ingestMaintain,
  [dnsCheckDomain.name]: dnsCheckDomain,
  [dnsCheckIp.name]: dnsCheckIp,
  [dnsSchedule.name]: dnsSchedule,
  [alertsEvaluate.name]: alertsEvaluate,
  [alertsSweep.name]: alertsSweep,
  [alertsDeliver.name]: alertsDeliver,
  [alertsDigest.name]: alertsDigest,
  [probesSchedule.name]: probesSchedule,
  [probesRun.name]: probesRun,
  [probesMaintain.name]: probesMaintain,
  [probesSyncMx.name]: probesSyncMx,
  [analyticsRefresh.name]: analyticsRefresh,
  [analyticsRefreshSweep.name]: analyticsRefreshSweep,
  [analyticsImport.name]: analyticsImport,
  [reportSchedule.name]: reportSchedule,
  [reportBuild.name]: reportBuild,
  [reportDeliver.name]: reportDeliver,
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["schema"]>;
