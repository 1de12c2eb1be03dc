import { REST_ENDPOINTS } from "@inboxwatch/api";
import { receiveQueueSnapshot } from "@inboxwatch/services/ingest/index";

import { restHandler } from "~/server/rest";

export const POST = restHandler(REST_ENDPOINTS.ingestQueue, async ({ req, ctx }) => {
  const reply = await receiveQueueSnapshot(ctx, req);
  return Response.json(reply.body, { status: reply.status, headers: reply.headers });
});
