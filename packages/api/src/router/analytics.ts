import {
  createExperiment,
  deleteExperiment,
  getExperiment,
  listExperiments,
  refreshExperiments,
  stopExperiment,
  updateExperiment,
  ZCreateExperiment,
  ZExperimentId,
  ZUpdateExperiment,
} from "@inboxwatch/services/analytics";
import {
  getAnalyticsOverview,
  getAnalyticsPanels,
  getCohorts,
  requestCohortRefresh,
  ZCohortQuery,
  getRoi,
  getRoiSettings,
  updateRoiSettings,
  ZAnalyticsPanelsQuery,
  ZAnalyticsQuery,
  ZRoiQuery,
  ZUpdateRoiSettings,
} from "@inboxwatch/services/analytics";

import { getImport, listImports, ZImportId, ZListImports } from "@inboxwatch/services/analytics-imports";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

/** Deliverability analytics for marketing and leadership: KPIs, trends, segments and ROI (docs/kpis.md). */
export const analyticsRouter = createTRPCRouter({
  overview: orgProcedureWith("analytics.read")
    .input(ZAnalyticsQuery)
    .query(({ ctx, input }) => getAnalyticsOverview(ctx.svc, input)),
  /** Port tiles and queue depth against send latency for the overview's range and filters. */
  panels: orgProcedureWith("analytics.read")
    .input(ZAnalyticsPanelsQuery)
    .query(({ ctx, input }) => getAnalyticsPanels(ctx.svc, input)),
  /** The stored cohort tables (computed by the analytics.refresh job); "Refresh now" queues that job. */
  cohorts: createTRPCRouter({
    get: orgProcedureWith("analytics.read")
      .input(ZCohortQuery)
      .query(({ ctx, input }) => getCohorts(ctx.svc, input)),
    refresh: orgProcedureWith("analytics.write").mutation(({ ctx }) => requestCohortRefresh(ctx.svc)),
  }),
  /** A/B experiments; results are the stored views of the analytics.refresh job, "refresh" queues it now. */
  experiments: createTRPCRouter({
    list: orgProcedureWith("analytics.read").query(({ ctx }) => listExperiments(ctx.svc)),
    get: orgProcedureWith("analytics.read")
      .input(ZExperimentId)
      .query(({ ctx, input }) => getExperiment(ctx.svc, input)),
    create: orgProcedureWith("analytics.write")
      .input(ZCreateExperiment)
      .mutation(({ ctx, input }) => createExperiment(ctx.svc, input)),
    update: orgProcedureWith("analytics.write")
      .input(ZUpdateExperiment)
      .mutation(({ ctx, input }) => updateExperiment(ctx.svc, input)),
    stop: orgProcedureWith("analytics.write")
      .input(ZExperimentId)
      .mutation(({ ctx, input }) => stopExperiment(ctx.svc, input)),
    delete: orgProcedureWith("analytics.write")
      .input(ZExperimentId)
      .mutation(({ ctx, input }) => deleteExperiment(ctx.svc, input)),
    refresh: orgProcedureWith("analytics.write").mutation(({ ctx }) => refreshExperiments(ctx.svc)),
  }),
  /** Metadata and conversion imports (uploads go through POST /api/upload/analytics-imports, a stream tRPC does not carry). */
  imports: createTRPCRouter({
    list: orgProcedureWith("analytics.read")
      .input(ZListImports)
      .query(({ ctx, input }) => listImports(ctx.svc, input)),
    get: orgProcedureWith("analytics.read")
      .input(ZImportId)
      .query(({ ctx, input }) => getImport(ctx.svc, input)),
  }),
  roi: createTRPCRouter({
    summary: orgProcedureWith("analytics.read")
      .input(ZRoiQuery)
      .query(({ ctx, input }) => getRoi(ctx.svc, input)),
    settings: orgProcedureWith("analytics.read").query(({ ctx }) => getRoiSettings(ctx.svc)),
    updateSettings: orgProcedureWith("analytics.write")
      .input(ZUpdateRoiSettings)
      .mutation(({ ctx, input }) => updateRoiSettings(ctx.svc, input)),
  }),
});
