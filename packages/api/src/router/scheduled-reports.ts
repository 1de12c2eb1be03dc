import { z } from "zod";

import {
  createReportDefinition,
  createShare,
  deleteReportDefinition,
  getReportDefinition,
  getReportEdition,
  getReportEditionHtml,
  listReportDefinitions,
  listReportEditions,
  listShares,
  previewReport,
  revokeShare,
  sendReportNow,
  updateReportDefinition,
  ZCreateReportDefinition,
  ZCreateShare,
  ZListEditions,
  ZUpdateReportDefinition,
} from "@inboxwatch/services/scheduled-reports";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

const ZId = z.object({ id: z.string().min(1).max(40) });

/** Recurring deliverability reports (issue 14): definitions, "send now" and preview, the archive and share links. */
export const scheduledReportsRouter = createTRPCRouter({
  definitions: createTRPCRouter({
    list: orgProcedureWith("reports.read").query(({ ctx }) => listReportDefinitions(ctx.svc)),
    get: orgProcedureWith("reports.read")
      .input(ZId)
      .query(({ ctx, input }) => getReportDefinition(ctx.svc, input)),
    create: orgProcedureWith("reports.write")
      .input(ZCreateReportDefinition)
      .mutation(({ ctx, input }) => createReportDefinition(ctx.svc, input)),
    update: orgProcedureWith("reports.write")
      .input(ZUpdateReportDefinition)
      .mutation(({ ctx, input }) => updateReportDefinition(ctx.svc, input)),
    delete: orgProcedureWith("reports.write")
      .input(ZId)
      .mutation(({ ctx, input }) => deleteReportDefinition(ctx.svc, input)),
    /** Builds and sends the report of the last complete period now, as its own archived edition. */
    sendNow: orgProcedureWith("reports.write")
      .input(ZId)
      .mutation(({ ctx, input }) => sendReportNow(ctx.svc, input)),
    /** The report a run now would send, computed and rendered but neither archived nor sent. */
    preview: orgProcedureWith("reports.read")
      .input(ZId)
      .query(({ ctx, input }) => previewReport(ctx.svc, input)),
  }),
  editions: createTRPCRouter({
    list: orgProcedureWith("reports.read")
      .input(ZListEditions)
      .query(({ ctx, input }) => listReportEditions(ctx.svc, input)),
    get: orgProcedureWith("reports.read")
      .input(ZId)
      .query(({ ctx, input }) => getReportEdition(ctx.svc, input)),
    /** The standalone HTML document the page shows in a frame (the same document the PDF is printed from). */
    html: orgProcedureWith("reports.read")
      .input(ZId)
      .query(({ ctx, input }) => getReportEditionHtml(ctx.svc, input)),
  }),
  shares: createTRPCRouter({
    list: orgProcedureWith("reports.read")
      .input(z.object({ editionId: z.string().min(1).max(40) }))
      .query(({ ctx, input }) => listShares(ctx.svc, input)),
    create: orgProcedureWith("reports.write")
      .input(ZCreateShare)
      .mutation(({ ctx, input }) => createShare(ctx.svc, input)),
    revoke: orgProcedureWith("reports.write")
      .input(ZId)
      .mutation(({ ctx, input }) => revokeShare(ctx.svc, input)),
  }),
});
