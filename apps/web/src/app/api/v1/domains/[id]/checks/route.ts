import { REST_ENDPOINTS } from "@inboxwatch/api";
import { toDomainChecksResponse } from "@inboxwatch/api/rest/dns-check";
import { getDomainHealth } from "@inboxwatch/services/dns-check/index";

import { restHandler } from "~/server/rest";

export const GET = restHandler<{ id: string }>(REST_ENDPOINTS.getDomainChecks, async ({ ctx, params }) =>
  toDomainChecksResponse(await getDomainHealth(ctx, { id: params.id })),
);
