import { REST_ENDPOINTS } from "@inboxwatch/api";
import { receiveReport } from "@inboxwatch/services/reports/index";

import { restHandler } from "~/server/rest";

/** The body (the report file or email, as is) is read inside receiveReport, its size checked while it streams. */
export const POST = restHandler(REST_ENDPOINTS.ingestReports, async ({ req, ctx }) => {
  const reply = await receiveReport(ctx, req, "API");
  return Response.json(reply.body, { status: reply.status });
});
