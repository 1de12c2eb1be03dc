/**
 * The one HTTP error reply: every REST route, the report upload and the intake routes answer a failure
 * through `errorResponse`, with the status of SERVICE_ERRORS (services/src/errors.ts, the table tRPC maps
 * through too), so a code means the same status everywhere. The body is `{ error: { code, message } }`
 * (ZApiError in openapi.ts); messages are the services' own, which never contain a secret.
 */
import { isDatabaseUnavailable, SERVICE_ERRORS, ServiceError, serviceErrorHeaders } from "@inboxwatch/services";

/** What a client is told to wait when the database is briefly unreachable (restart, failover). */
export const UNAVAILABLE_RETRY_SECONDS = 5;
/** Statuses that are not a service error's: the database away (the client should retry) and a bug. */
export const UNAVAILABLE_HTTP = 503;
const INTERNAL_HTTP = 500;

function reply(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/**
 * A thrown error as an HTTP reply: a ServiceError by its code; a database restart or failover (not the
 * client's fault, and it passes) as 503 + Retry-After; anything else as a 500 that says nothing more,
 * logged under `label`.
 */
export function errorResponse(err: unknown, label = "[http]"): Response {
  if (err instanceof ServiceError) return reply(SERVICE_ERRORS[err.code].http, err.code, err.message, serviceErrorHeaders(err));
  if (isDatabaseUnavailable(err)) {
    return reply(UNAVAILABLE_HTTP, "UNAVAILABLE", "The service is briefly unavailable; retry shortly", {
      "retry-after": String(UNAVAILABLE_RETRY_SECONDS),
    });
  }
  console.error(label, err instanceof Error ? err.message : err);
  return reply(INTERNAL_HTTP, "INTERNAL", "Internal error");
}
