/**
 * Typed service errors. Services throw these; the tRPC error formatter, the REST handlers and the worker
 * each map them once (to TRPCError codes, HTTP statuses, retry/dead-letter). Messages are shown to users,
 * so they must never contain a secret.
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "VALIDATION" | "LIMIT_EXCEEDED" | "UNAUTHORIZED",
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

export class LimitExceededError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, "LIMIT_EXCEEDED", retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
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
