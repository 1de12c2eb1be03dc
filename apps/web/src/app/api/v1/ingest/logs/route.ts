import { REST_ENDPOINTS } from "@inboxwatch/api";
import { receiveLogs } from "@inboxwatch/services/ingest/index";

import { restHandler } from "~/server/rest";

/** The body is read inside receiveLogs, with its size limit enforced while it streams. */
export const POST = restHandler(REST_ENDPOINTS.ingestLogs, async ({ req, ctx }) => {
  const reply = await receiveLogs(ctx, req);
  return Response.json(reply.body, { status: reply.status, headers: reply.headers });
});
