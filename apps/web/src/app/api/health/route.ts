import { getDb } from "@inboxwatch/db";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness. */
export async function GET() {
  try {
    await getDb().$queryRaw`select 1`;
    return Response.json({ ok: true, database: "up" });
  } catch {
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
