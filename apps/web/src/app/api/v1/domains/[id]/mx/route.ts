import { REST_ENDPOINTS } from "@inboxwatch/api";
import { toDomainMxResponse } from "@inboxwatch/api/rest/domain-mx";
import { getDomainMx } from "@inboxwatch/services/probes/index";

import { restHandler } from "~/server/rest";

export const GET = restHandler<{ id: string }>(REST_ENDPOINTS.getDomainMx, async ({ ctx, params }) =>
  toDomainMxResponse(await getDomainMx(ctx, { domainId: params.id })),
);
