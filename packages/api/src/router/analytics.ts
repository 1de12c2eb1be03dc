import { getAnalyticsOverview, ZAnalyticsQuery } from "@inboxwatch/services/analytics";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

/** Deliverability analytics for marketing and leadership: KPIs, trends and segments (docs/kpis.md). */
export const analyticsRouter = createTRPCRouter({
  overview: orgProcedureWith("analytics.read")
    .input(ZAnalyticsQuery)
    .query(({ ctx, input }) => getAnalyticsOverview(ctx.svc, input)),
});
