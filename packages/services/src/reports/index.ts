// Report intake and analytics: DMARC aggregate and failure reports, ARF complaints, SMTP TLS reports.
export { ingestReport, RAW_REPORT_MAX_BYTES, REPORT_CHANNELS, type IngestedReport, type TReportChannel } from "./ingest.ts";
export { processRawReport, processRawReports, type RawReportRef, REPORT_RECORD_BATCH, type ProcessOutcome } from "./process.ts";
export { countRawReports, getRawReport, listRawReports, reprocessReport, RAW_REPORT_STATUSES, ZListRawReports } from "./raw.ts";
export {
  dmarcOverview,
  dmarcRecords,
  dmarcReporters,
  dmarcSources,
  dmarcVerdict,
  ZDmarcRecords,
  ZDmarcVerdict,
  ZDmarcWindow,
  type DmarcSource,
} from "./dmarc.ts";
export {
  complaintSummary,
  exportSuppressionList,
  listComplaints,
  providerOfReporter,
  ZComplaintWindow,
  ZListComplaints,
} from "./complaints.ts";
export { tlsSummary, ZTlsWindow } from "./tls.ts";
export { reportSetup } from "./setup.ts";
export { getReport, listReports, REPORT_LIST_KINDS, ZListReports, type ReportListItem, type TReportListKind } from "./report-list.ts";
export { describeUploadedReport, formatPeriod, uploadReport, type UploadSummary } from "./upload.ts";
export {
  createReportMailbox,
  listReportMailboxes,
  removeReportMailbox,
  setReportMailboxEnabled,
  testReportMailbox,
  REPORT_MAILBOXES_MAX,
  ZCreateReportMailbox,
  ZSetReportMailboxEnabled,
} from "./imap-mailbox.ts";
export { requestMailboxPoll, scheduleMailboxPolls, type PollRequest } from "./imap-poll-queue.ts";
export { pollReportMailbox, runMailboxPoll, type PollDeps, type PollSummary } from "./imap-poll.ts";
export { recordBounceMail, type BounceOutcome } from "./dsn-bounces.ts";
export { nameReportSources, type NameSourcesResult } from "./source-names.ts";
