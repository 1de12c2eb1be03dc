import { getDb } from "@inboxwatch/db";
import { can, getMembershipBySlug, ServiceError } from "@inboxwatch/services";
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
  if (!user) return Response.json({ error: { code: "UNAUTHORIZED", message: "Not signed in" } }, { status: 401 });
  const slug = req.headers.get("x-org-slug") ?? "";
  try {
    const membership = await getMembershipBySlug(getDb(), user.id, slug);
    if (!can(membership.role, "reports.write")) return Response.json({ error: { code: "FORBIDDEN", message: "Your role cannot upload reports" } }, { status: 403 });
    const ctx = { db: getDb(), orgId: membership.orgId, actor: { type: "USER" as const, userId: user.id, label: user.email }, role: membership.role };
    const reply = await uploadReport(ctx, req);
    return Response.json(reply.body, { status: reply.status });
  } catch (err) {
    if (err instanceof ServiceError) {
      const status = err.code === "NOT_FOUND" ? 404 : err.code === "VALIDATION" ? 400 : err.code === "LIMIT_EXCEEDED" ? 413 : 403;
      return Response.json({ error: { code: err.code, message: err.message } }, { status });
    }
    throw err;
  }
}
