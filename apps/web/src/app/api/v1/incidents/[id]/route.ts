import { REST_ENDPOINTS } from "@inboxwatch/api";
import { toIncidentResponse } from "@inboxwatch/api/rest/incidents";
import { getIncident } from "@inboxwatch/services/alerting/index";

import { restHandler } from "~/server/rest";

export const GET = restHandler<{ id: string }>(REST_ENDPOINTS.getIncident, async ({ ctx, params }) =>
  toIncidentResponse(await getIncident(ctx, { id: params.id })),
);
