import { getDb } from "@inboxwatch/db";
import { SERVICE_ERRORS } from "@inboxwatch/services";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness; down is UNAVAILABLE (503) like every other surface. */
export async function GET() {
  try {
    await getDb().$queryRaw`select 1`;
    return Response.json({ ok: true, database: "up" });
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: SERVICE_ERRORS.UNAVAILABLE.http });
  }
}
