import { z } from "zod";

import {
  complaintSummary,
  countRawReports,
  dmarcOverview,
  dmarcRecords,
  dmarcReporters,
  dmarcSources,
  dmarcVerdict,
  exportSuppressionList,
  getRawReport,
  getReport,
  listComplaints,
  listRawReports,
  listReports,
  reportSetup,
  reprocessReport,
  tlsSummary,
  ZComplaintWindow,
  ZDmarcRecords,
  ZDmarcVerdict,
  ZDmarcWindow,
  ZListComplaints,
  ZListRawReports,
  ZListReports,
  ZTlsWindow,
} from "@inboxwatch/services/reports";
import {
  createReportMailbox,
  listReportMailboxes,
  removeReportMailbox,
  setReportMailboxEnabled,
  testReportMailbox,
  ZCreateReportMailbox,
  ZSetReportMailboxEnabled,
} from "@inboxwatch/services/reports";
import { requestMailboxPoll } from "@inboxwatch/services/reports";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

const read = orgProcedureWith("reports.read");
const write = orgProcedureWith("reports.write");

export const reportsRouter = createTRPCRouter({
  /** Where a sender points its reports: the intake addresses and the external-destination records. */
  setup: read.query(({ ctx }) => reportSetup(ctx.svc)),
  // The parsed reports one by one (DMARC aggregate, TLS, complaints) and one report with its rows.
  list: read.input(ZListReports).query(({ ctx, input }) => listReports(ctx.svc, input)),
  byId: read.input(ZId).query(({ ctx, input }) => getReport(ctx.svc, input)),
  dmarc: createTRPCRouter({
    overview: read.input(ZDmarcWindow).query(({ ctx, input }) => dmarcOverview(ctx.svc, input)),
    sources: read.input(ZDmarcWindow).query(({ ctx, input }) => dmarcSources(ctx.svc, input)),
    reporters: read.input(ZDmarcWindow).query(({ ctx, input }) => dmarcReporters(ctx.svc, input)),
    records: read.input(ZDmarcRecords).query(({ ctx, input }) => dmarcRecords(ctx.svc, input)),
    verdict: read.input(ZDmarcVerdict).query(({ ctx, input }) => dmarcVerdict(ctx.svc, input)),
  }),
  complaints: createTRPCRouter({
    summary: read.input(ZComplaintWindow).query(({ ctx, input }) => complaintSummary(ctx.svc, input)),
    list: read.input(ZListComplaints).query(({ ctx, input }) => listComplaints(ctx.svc, input)),
    // Addresses in clear: exporting them is a write-level permission, like uploading.
    suppressionCsv: write.input(z.void()).query(({ ctx }) => exportSuppressionList(ctx.svc)),
  }),
  tls: createTRPCRouter({
    summary: read.input(ZTlsWindow).query(({ ctx, input }) => tlsSummary(ctx.svc, input)),
  }),
  // Every received file as it arrived (parsed, quarantined or failed), and parsing one again.
  raw: createTRPCRouter({
    list: read.input(ZListRawReports).query(({ ctx, input }) => listRawReports(ctx.svc, input)),
    counts: read.query(({ ctx }) => countRawReports(ctx.svc)),
    byId: read.input(ZId).query(({ ctx, input }) => getRawReport(ctx.svc, input)),
    reprocess: write.input(ZId).mutation(({ ctx, input }) => reprocessReport(ctx.svc, input)),
  }),
  // IMAP mailboxes polled for reports. The connection test reaches out to the customer's server: a write.
  mailboxes: createTRPCRouter({
    list: read.query(({ ctx }) => listReportMailboxes(ctx.svc)),
    create: write.input(ZCreateReportMailbox).mutation(({ ctx, input }) => createReportMailbox(ctx.svc, input)),
    setEnabled: write.input(ZSetReportMailboxEnabled).mutation(({ ctx, input }) => setReportMailboxEnabled(ctx.svc, input)),
    remove: write.input(ZId).mutation(({ ctx, input }) => removeReportMailbox(ctx.svc, input)),
    test: write.input(ZId).mutation(({ ctx, input }) => testReportMailbox(ctx.svc, input)),
    // "Poll now": queues the poll job (never a second one while one waits or runs); the card watches lastPollAt.
    poll: write.input(ZId).mutation(({ ctx, input }) => requestMailboxPoll(ctx.svc, input)),
  }),
});
