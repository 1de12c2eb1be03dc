import {
  getAnalyticsOverview,
  getAnalyticsPanels,
  getRoi,
  getRoiSettings,
  updateRoiSettings,
  ZAnalyticsPanelsQuery,
  ZAnalyticsQuery,
  ZRoiQuery,
  ZUpdateRoiSettings,
} from "@inboxwatch/services/analytics";

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
