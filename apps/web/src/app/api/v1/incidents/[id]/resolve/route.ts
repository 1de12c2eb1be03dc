import { REST_ENDPOINTS } from "@inboxwatch/api";
import { toIncidentResponse } from "@inboxwatch/api/rest/incidents";
import { getIncident, resolveIncident } from "@inboxwatch/services/alerting/index";

import { restHandler } from "~/server/rest";

export const POST = restHandler<{ id: string }>(REST_ENDPOINTS.resolveIncident, async ({ ctx, params }) => {
  const { id } = await resolveIncident(ctx, { id: params.id });
  return { incident: toIncidentResponse(await getIncident(ctx, { id })) };
});
