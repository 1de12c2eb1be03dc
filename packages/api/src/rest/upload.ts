/**
 * Report upload from the UI (POST /api/upload/reports): one file per request (the page sends them one by
 * one to show progress), the raw file as the body, the organization in `x-org-slug`. Session-authenticated;
 * needs `reports.write`. Same body limits and idempotency as the REST channel; the report is parsed before
 * the reply, which says what was stored and where it is listed (services reports/upload.ts).
 */
import { uploadReport } from "@inboxwatch/services/reports";

import { sessionHandler } from "./handler.ts";
import { type HttpDeps } from "./http-deps.ts";
import { readReportBody } from "./intake.ts";

export function uploadReportRoute(deps: HttpDeps) {
  return sessionHandler(deps, "reports.write", async ({ req, ctx }) => {
    const uploaded = await uploadReport(ctx, { bytes: await readReportBody(req) });
    return Response.json(uploaded, { status: uploaded.duplicate ? 200 : 202 });
  });
}
