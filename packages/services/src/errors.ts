/**
 * Typed service errors. Services throw these; every caller maps them through ONE table,
 * SERVICE_ERRORS below (HTTP status for REST, uploads and intake; tRPC code for the web app), so a code means
 * the same everywhere. Messages are shown to users, so they must never contain a secret.
 */

/**
 * Every service error code, its HTTP status and its tRPC code. Three kinds of "too much" are kept apart:
 * RATE_LIMITED (too often: 429 + Retry-After), TOO_LARGE (this body is over a size limit: 413) and
 * LIMIT_EXCEEDED (a quota of objects is reached, e.g. the 20th syslog source: 422). UNAVAILABLE (503 +
 * Retry-After) is the database being briefly unreachable: not the client's fault, and it passes.
 */
export const SERVICE_ERRORS = {
  VALIDATION: { http: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { http: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { http: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { http: 404, trpc: "NOT_FOUND" },
  CONFLICT: { http: 409, trpc: "CONFLICT" },
  TOO_LARGE: { http: 413, trpc: "PAYLOAD_TOO_LARGE" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, trpc: "UNSUPPORTED_MEDIA_TYPE" },
  LIMIT_EXCEEDED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  RATE_LIMITED: { http: 429, trpc: "TOO_MANY_REQUESTS" },
  UNAVAILABLE: { http: 503, trpc: "SERVICE_UNAVAILABLE" },
} as const satisfies Record<string, { http: number; trpc: string }>;
export type ServiceErrorCode = keyof typeof SERVICE_ERRORS;

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: ServiceErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends ServiceError {
  constructor(what: string) {
    super(`${what} not found`, "NOT_FOUND");
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message = "You do not have permission to do this") {
    super(message, "FORBIDDEN");
  }
}

export class ConflictError extends ServiceError {
  constructor(message: string) {
    super(message, "CONFLICT");
  }
}

export class ValidationError extends ServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, "VALIDATION", details);
  }
}

/** A quota of objects is reached (mailboxes, syslog sources…): nothing to retry until one is removed. */
export class LimitExceededError extends ServiceError {
  constructor(message: string) {
    super(message, "LIMIT_EXCEEDED");
  }
}

/** Too many attempts in a window: try again after `retryAfterSeconds`. */
export class RateLimitedError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, "RATE_LIMITED", retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
}

/** A body over its size limit. */
export class TooLargeError extends ServiceError {
  constructor(message: string) {
    super(message, "TOO_LARGE");
  }
}

/** A body in an encoding or type this endpoint does not read (e.g. Content-Encoding: br). */
export class UnsupportedMediaTypeError extends ServiceError {
  constructor(message: string) {
    super(message, "UNSUPPORTED_MEDIA_TYPE");
  }
}

/** The database is briefly unreachable (restart, failover): the same request will work after `retryAfterSeconds`. */
export class UnavailableError extends ServiceError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, "UNAVAILABLE", { retryAfterSeconds });
  }
}

/** The HTTP reply headers an error asks for: Retry-After for a rate limit or an outage that knows its wait. */
export function serviceErrorHeaders(err: ServiceError): Record<string, string> {
  const retry = err.details?.retryAfterSeconds;
  return (err.code === "RATE_LIMITED" || err.code === "UNAVAILABLE") && typeof retry === "number" ? { "retry-after": String(retry) } : {};
}

export class UnauthorizedError extends ServiceError {
  constructor(message = "Not signed in") {
    super(message, "UNAUTHORIZED");
  }
}

/** A right password on an account whose address is not confirmed: no session until the link is opened. */
export class UnverifiedEmailError extends ServiceError {
  constructor(message = "Confirm your address first: we sent a new confirmation link to it.") {
    super(message, "UNAUTHORIZED");
  }
}

/** Prisma's unique-constraint violation, recognised without importing Prisma's runtime error classes. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
