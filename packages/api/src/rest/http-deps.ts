/**
 * What the HTTP surface needs from the app that serves it. The web app passes these in
 * (apps/web/src/server/http.ts): this package imports neither Next nor Prisma, so the session lookup
 * (next-auth's `auth()`), the database handle and the client address stay the app's.
 */
import { type Db } from "@inboxwatch/services";
import { type SessionUser } from "@inboxwatch/services/user";

import { type Context } from "../trpc.ts";

export interface HttpDeps {
  /** The process's database, resolved per request. */
  db: () => Db;
  /** The signed-in user of the request being served; null without a session. */
  currentUser: () => Promise<SessionUser | null>;
  /** The client address the web server resolved (TRUSTED_PROXIES); null outside it. */
  clientIp: (headers: Headers) => string | null;
}

/** A Next route handler: the request and the route's dynamic segments. */
export type RouteHandler<P = Record<string, never>> = (req: Request, route: { params: Promise<P> }) => Promise<Response>;

/**
 * The one request context of every HTTP caller (tRPC, the upload, REST): the database, who is signed in,
 * which organization the page names (`x-org-slug`) and the client address. The access ladder (access.ts)
 * turns it into an OrgContext. REST authenticates by API key only, so it asks for no session (`session:
 * false`): a browser cookie sent along to /api/v1 grants nothing there.
 */
export async function createRequestContext(deps: HttpDeps, req: Request, opts: { session: boolean } = { session: true }): Promise<Context> {
  return {
    db: deps.db(),
    user: opts.session ? await deps.currentUser() : null,
    orgSlug: req.headers.get("x-org-slug"),
    ip: deps.clientIp(req.headers),
  };
}
