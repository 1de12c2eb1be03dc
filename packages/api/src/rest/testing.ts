/** Test helpers for the HTTP surface: the routes wired to a test database, as the web app wires them to its own. */
import { type Db } from "@inboxwatch/services";

import { errorResponse } from "./error-response.ts";
import { type HttpDeps } from "./http-deps.ts";
import { type IntakeReply } from "./intake.ts";
import { createRestRoutes } from "./routes.ts";

/** HttpDeps over `db`, with no session (API-key routes) and no client address. */
export function testHttpDeps(db: Db): HttpDeps {
  return { db: () => db, currentUser: () => Promise.resolve(null), clientIp: () => null };
}

/** Every /api/v1 handler over `db`. */
export function testRestRoutes(db: Db) {
  return createRestRoutes(testHttpDeps(db));
}

interface ClientReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** An intake call as the client sees it: the stored reply, or the refusal as errorResponse answers it. */
export async function replyOf(intake: Promise<IntakeReply>): Promise<ClientReply> {
  try {
    const r = await intake;
    return { status: r.status, body: r.body, headers: {} };
  } catch (err) {
    const res = errorResponse(err, "[test]");
    return { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) };
  }
}
