import { REST_ENDPOINTS } from "@inboxwatch/api";
import { toIpBlocklistsResponse } from "@inboxwatch/api/rest/dns-check";
import { getIpHealth } from "@inboxwatch/services/dns-check/index";

import { restHandler } from "~/server/rest";

export const GET = restHandler<{ id: string }>(REST_ENDPOINTS.getIpBlocklists, async ({ ctx, params }) =>
  toIpBlocklistsResponse(await getIpHealth(ctx, { id: params.id })),
);
