/**
 * The two wrappers every HTTP route goes through: `restHandler` for machines (API key → scope → rate
 * limit) and `sessionHandler` for the browser (session → organization → role → permission). Both climb
 * the access ladder of access.ts and answer every failure through `errorResponse`, so no route builds its
 * own context or its own error status.
 */
import { type OrgContext, type TPermission } from "@inboxwatch/services";

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
  return async (req, route) => {
    try {
      const request = await createRequestContext(deps, req, { session: false });
      const { ctx } = await accessForApiKey(request.db, req.headers.get("authorization"), endpoint.scope);
      const body = await handler({ req, ctx, params: await route.params });
      return body instanceof Response ? body : Response.json(body);
    } catch (err) {
      return errorResponse(err, "[api/v1]");
    }
  };
}

/** A browser route outside tRPC (the report upload): the session's membership of `x-org-slug` and `permission`. */
export function sessionHandler(
  deps: HttpDeps,
  permission: TPermission,
  handler: (args: { req: Request; ctx: OrgContext }) => Promise<Response>,
): RouteHandler {
  return async (req) => {
    try {
      const request = await createRequestContext(deps, req);
      const { ctx } = await accessForSession(request.db, request.user, request.orgSlug, permission);
      return await handler({ req, ctx });
    } catch (err) {
      return errorResponse(err, "[http]");
    }
  };
}
