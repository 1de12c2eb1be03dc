import { getDb } from "@inboxwatch/db";
import { can, getMembershipBySlug, SERVICE_ERRORS, ServiceError, serviceErrorHeaders } from "@inboxwatch/services";
import { uploadReport } from "@inboxwatch/services/reports/index";

import { currentUser } from "~/server/context";

/**
 * Report upload from the UI: one file per request (the page sends them one by one to show progress),
 * the raw file as the body, the organization in `x-org-slug`. Session-authenticated; needs
 * `reports.write`. Same intake, limits and idempotency as the REST channel; the report is parsed before
 * the reply, which says what was stored and where it is listed (services reports/upload.ts).
 */
export async function POST(req: Request): Promise<Response> {
  const user = await currentUser();
  if (!user)
    return Response.json({ error: { code: "UNAUTHORIZED", message: "Not signed in" } }, { status: SERVICE_ERRORS.UNAUTHORIZED.http });
  const slug = req.headers.get("x-org-slug") ?? "";
  try {
    const membership = await getMembershipBySlug(getDb(), user.id, slug);
    if (!can(membership.role, "reports.write"))
      return Response.json(
        { error: { code: "FORBIDDEN", message: "Your role cannot upload reports" } },
        { status: SERVICE_ERRORS.FORBIDDEN.http },
      );
    const ctx = {
      db: getDb(),
      orgId: membership.orgId,
      actor: { type: "USER" as const, userId: user.id, label: user.email },
      role: membership.role,
    };
    const reply = await uploadReport(ctx, req);
    return Response.json(reply.body, { status: reply.status });
  } catch (err) {
    if (err instanceof ServiceError) {
      return Response.json(
        { error: { code: err.code, message: err.message } },
        { status: SERVICE_ERRORS[err.code].http, headers: serviceErrorHeaders(err) },
      );
    }
    throw err;
  }
}
