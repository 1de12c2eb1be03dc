import { describe, expect, it } from "vitest";

import {
  ConflictError,
  ForbiddenError,
  LimitExceededError,
  NotFoundError,
  RateLimitedError,
  SERVICE_ERRORS,
  serviceErrorHeaders,
  TooLargeError,
  UnauthorizedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors.ts";

describe("the one service error table", () => {
  it("gives each kind of error its own HTTP status and tRPC code", () => {
    const errors = [
      new ValidationError("v"),
      new UnauthorizedError(),
      new ForbiddenError(),
      new NotFoundError("Thing"),
      new ConflictError("c"),
      new TooLargeError("t"),
      new UnsupportedMediaTypeError("u"),
      new LimitExceededError("l"),
      new RateLimitedError("r", 30),
      new UnavailableError("down", 5),
    ];
    expect(errors.map((e) => `${e.code} ${SERVICE_ERRORS[e.code].http} ${SERVICE_ERRORS[e.code].trpc}`)).toEqual([
      "VALIDATION 400 BAD_REQUEST",
      "UNAUTHORIZED 401 UNAUTHORIZED",
      "FORBIDDEN 403 FORBIDDEN",
      "NOT_FOUND 404 NOT_FOUND",
      "CONFLICT 409 CONFLICT",
      "TOO_LARGE 413 PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE 415 UNSUPPORTED_MEDIA_TYPE",
      "LIMIT_EXCEEDED 422 UNPROCESSABLE_CONTENT",
      "RATE_LIMITED 429 TOO_MANY_REQUESTS",
      "UNAVAILABLE 503 SERVICE_UNAVAILABLE",
    ]);
    // Statuses never collide: a client can tell "too often" from "too big" from "too many objects".
    expect(new Set(Object.values(SERVICE_ERRORS).map((e) => e.http)).size).toBe(Object.keys(SERVICE_ERRORS).length);
  });

  it("asks for Retry-After only on a rate limit or an outage that knows its wait", () => {
    expect(serviceErrorHeaders(new RateLimitedError("slow down", 30))).toEqual({ "retry-after": "30" });
    expect(serviceErrorHeaders(new UnavailableError("down", 5))).toEqual({ "retry-after": "5" });
    expect(serviceErrorHeaders(new RateLimitedError("slow down"))).toEqual({});
    expect(serviceErrorHeaders(new LimitExceededError("20 sources at most"))).toEqual({});
  });
});
