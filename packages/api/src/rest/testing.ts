/** Test helpers for the HTTP surface: the routes wired to a test database, as the web app wires them to its own. */
import { type Db } from "@inboxwatch/services";

import { type HttpDeps } from "./http-deps.ts";
import { createRestRoutes } from "./routes.ts";

/** HttpDeps over `db`, with no session (API-key routes) and no client address. */
export function testHttpDeps(db: Db): HttpDeps {
  return { db: () => db, currentUser: () => Promise.resolve(null), clientIp: () => null };
}

/** Every /api/v1 handler over `db`. */
export function testRestRoutes(db: Db) {
  return createRestRoutes(testHttpDeps(db));
}
