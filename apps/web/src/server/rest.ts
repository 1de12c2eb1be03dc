import "server-only";

import { type RestEndpoint } from "@inboxwatch/api";
import { getDb } from "@inboxwatch/db";
import {
  authenticateApiKey,
  type ApiKeyPrincipal,
  isDatabaseUnavailable,
  type OrgContext,
  SERVICE_ERRORS,
  ServiceError,
  serviceErrorHeaders,
  takeRateLimit,
} from "@inboxwatch/services";

import { env } from "~/env";

/** What a client is told to wait when the database is briefly unreachable (restart, failover). */
const UNAVAILABLE_RETRY_SECONDS = 5;

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/**
 * Wraps a REST handler: API-key authentication, the endpoint's scope, the per-key rate limit, and one
 * mapping of service errors to HTTP statuses (SERVICE_ERRORS, the table every caller shares) (503 + Retry-After while the database is unreachable).
 * Errors never echo the presented key.
 */
export function restHandler<P>(
  endpoint: RestEndpoint,
  handler: (args: { req: Request; ctx: OrgContext; principal: ApiKeyPrincipal; params: P }) => Promise<unknown>,
) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const header = req.headers.get("authorization") ?? "";
      const presented = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : null;
      const principal = await authenticateApiKey(getDb(), presented);
      const limit = takeRateLimit(principal.apiKeyId, env().API_RATE_LIMIT_PER_MINUTE);
      if (!limit.ok)
        return apiError(SERVICE_ERRORS.RATE_LIMITED.http, "RATE_LIMITED", "Too many requests for this API key", {
          "retry-after": String(limit.retryAfterSeconds),
        });
      if (!principal.scopes.includes(endpoint.scope)) return apiError(403, "FORBIDDEN", `This API key lacks the scope "${endpoint.scope}"`);
      const ctx: OrgContext = { db: getDb(), orgId: principal.orgId, actor: principal.actor };
      const body = await handler({ req, ctx, principal, params: await route.params });
      // A handler that needs another status (202, 413…) returns its own Response.
      return body instanceof Response ? body : Response.json(body);
    } catch (err) {
      if (err instanceof ServiceError) {
        return apiError(SERVICE_ERRORS[err.code].http, err.code, err.message, serviceErrorHeaders(err));
      }
      // A restart or failover is not the client's fault and passes: say when to try again.
      if (isDatabaseUnavailable(err)) {
        return apiError(503, "UNAVAILABLE", "The service is briefly unavailable; retry shortly", {
          "retry-after": String(UNAVAILABLE_RETRY_SECONDS),
        });
      }
      console.error("[api/v1]", err instanceof Error ? err.message : err);
      return apiError(500, "INTERNAL", "Internal error");
    }
  };
}
