/**
 * The two wrappers every HTTP route goes through: `restHandler` for machines (API key → scope → rate
 * limit) and `sessionHandler` for the browser (session → organization → role → permission). Both climb
 * the access ladder of access.ts and answer every failure through `errorResponse`, so no route builds its
 * own context or its own error status.
 */
import { type OrgContext, type TPermission } from "@inboxwatch/services";
import { timeHttp } from "@inboxwatch/services/metrics";

import { accessForApiKey, accessForSession } from "../access.ts";
import { errorResponse } from "./error-response.ts";
import { createRequestContext, type HttpDeps, type RouteHandler } from "./http-deps.ts";
import { type RestEndpoint } from "./openapi.ts";

/**
 * A REST endpoint (/api/v1, API-key auth, the endpoint's scope). The handler returns the JSON body, or its
 * own Response when it needs another status (202 for intake, 200 for a duplicate).
 */
export function restHandler<P = Record<string, never>>(
  deps: HttpDeps,
  endpoint: RestEndpoint,
  handler: (args: { req: Request; ctx: OrgContext; params: P }) => Promise<unknown>,
): RouteHandler<P> {
  // Latency is labelled by the endpoint's path template (/api/v1/domains/{id}/checks), never the URL.
  return (req, route) =>
    timeHttp(req.method, `/api/v1${endpoint.path}`, async () => {
      try {
        const request = await createRequestContext(deps, req, { session: false });
        const { ctx } = await accessForApiKey(request.db, req.headers.get("authorization"), endpoint.scope);
        const body = await handler({ req, ctx, params: await route.params });
        return body instanceof Response ? body : Response.json(body);
      } catch (err) {
        return errorResponse(err, "[api/v1]");
      }
    });
}

/** A browser route outside tRPC (the report upload): the session's membership of `x-org-slug` and `permission`. */
export function sessionHandler(
  deps: HttpDeps,
  permission: TPermission,
  handler: (args: { req: Request; ctx: OrgContext }) => Promise<Response>,
): RouteHandler {
  // These routes have fixed paths and one permission each: the permission names the route in metrics.
  return (req) =>
    timeHttp(req.method, `session:${permission}`, async () => {
      try {
        const request = await createRequestContext(deps, req);
        const { ctx } = await accessForSession(request.db, request.user, request.orgSlug, permission);
        return await handler({ req, ctx });
      } catch (err) {
        return errorResponse(err, "[http]");
      }
    });
}
