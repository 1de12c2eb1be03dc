import { REST_ENDPOINTS } from "@inboxwatch/api";
import { toIncidentResponse } from "@inboxwatch/api/rest/incidents";
import { acknowledgeIncident, getIncident } from "@inboxwatch/services/alerting/index";

import { restHandler } from "~/server/rest";

export const POST = restHandler<{ id: string }>(REST_ENDPOINTS.acknowledgeIncident, async ({ ctx, params }) => {
  const { id } = await acknowledgeIncident(ctx, { id: params.id });
  return { incident: toIncidentResponse(await getIncident(ctx, { id })) };
});
