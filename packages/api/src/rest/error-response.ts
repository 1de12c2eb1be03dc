/**
 * The one HTTP error reply: every REST route, the report upload and the intake routes answer a failure
 * through `errorResponse`, with the status of SERVICE_ERRORS (services/src/errors.ts, the table tRPC maps
 * through too), so a code means the same status everywhere. The body is `{ error: { code, message } }`
 * (ZApiError in openapi.ts); messages are the services' own, which never contain a secret.
 */
import { ZodError } from "zod";

import {
  isDatabaseUnavailable,
  SERVICE_ERRORS,
  ServiceError,
  serviceErrorHeaders,
  UnavailableError,
  ValidationError,
} from "@inboxwatch/services";

/** What a client is told to wait when the database is briefly unreachable (restart, failover). */
const UNAVAILABLE_RETRY_SECONDS = 5;
/** A bug: the one status that is no service error's. */
const INTERNAL_HTTP = 500;

function reply(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/**
 * A thrown error as an HTTP reply: a ServiceError by its code; a database restart or failover (not the
 * client's fault, and it passes) as UNAVAILABLE with Retry-After; anything else as a 500 that says
 * nothing more, logged under `label`.
 */
export function errorResponse(err: unknown, label = "[http]"): Response {
  const known =
    err instanceof ServiceError
      ? err
      : err instanceof ZodError
        ? // A verb's own input schema refused the body: the client's mistake, said field by field.
          new ValidationError(err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "))
        : isDatabaseUnavailable(err)
          ? new UnavailableError("The service is briefly unavailable; retry shortly", UNAVAILABLE_RETRY_SECONDS)
          : null;
  if (known) return reply(SERVICE_ERRORS[known.code].http, known.code, known.message, serviceErrorHeaders(known));
  console.error(label, err instanceof Error ? err.message : err);
  return reply(INTERNAL_HTTP, "INTERNAL", "Internal error");
}
