import { REST_ENDPOINTS } from "@inboxwatch/api";
import { parseIncidentQuery, toIncidentSummary } from "@inboxwatch/api/rest/incidents";
import { listIncidents } from "@inboxwatch/services/alerting/index";

import { apiError, restHandler } from "~/server/rest";

export const GET = restHandler(REST_ENDPOINTS.listIncidents, async ({ req, ctx }) => {
  const parsed = parseIncidentQuery(new URL(req.url));
  if (!parsed.ok) return apiError(400, "VALIDATION", parsed.message);
  const page = await listIncidents(ctx, parsed.query);
  return { items: page.items.map(toIncidentSummary), counts: page.counts, nextCursor: page.nextCursor };
});
