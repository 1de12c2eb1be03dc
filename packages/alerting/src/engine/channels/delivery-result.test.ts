import { describe, expect, it } from "vitest";

import {
  type DeliveryAttemptResult,
  NOTIFY_MAX_ATTEMPTS,
  RETRY_AFTER_MAX_MS,
  RETRY_BASE_DELAY_MS,
  RETRY_MAX_DELAY_MS,
  classifyHttpOutcome,
  nextRetryDelay,
  parseRetryAfter,
} from "./delivery-result.ts";

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const response = (status: number, headers: Record<string, string> = {}) => ({
  kind: "response" as const,
  status,
  headers,
  body: "x",
  durationMs: 3,
});

describe("delivery attempt results", () => {
  it("parses Retry-After as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3)", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
  });

  it.each([
    [200, "delivered", null],
    [202, "delivered", null],
    [500, "retryable", "server_error"],
    [503, "retryable", "server_error"],
    [408, "retryable", "timeout"],
    [429, "retryable", "rate_limited"],
    [301, "permanent", "redirect"],
    [400, "permanent", "client_error"],
    [404, "permanent", "client_error"],
    [410, "permanent", "client_error"],
  ])("classifies HTTP %i as %s", (status, outcome, reason) => {
    expect(classifyHttpOutcome(response(status), NOW)).toMatchObject({ outcome, reason, status });
  });

  it("classifies timeouts and network errors as retryable, refusals and bad requests as permanent", () => {
    expect(classifyHttpOutcome({ kind: "timeout", message: "t", durationMs: 1 }, NOW)).toMatchObject({
      outcome: "retryable",
      reason: "timeout",
    });
    expect(classifyHttpOutcome({ kind: "network_error", message: "n", durationMs: 1 }, NOW)).toMatchObject({
      outcome: "retryable",
      reason: "network_error",
    });
    expect(classifyHttpOutcome({ kind: "blocked", message: "b", durationMs: 1 }, NOW)).toMatchObject({
      outcome: "permanent",
      reason: "blocked_by_policy",
    });
    expect(classifyHttpOutcome({ kind: "invalid_request", message: "i", durationMs: 1 }, NOW)).toMatchObject({
      outcome: "permanent",
      reason: "invalid_config",
    });
  });

  it("carries Retry-After of 429 and 503 answers", () => {
    expect(classifyHttpOutcome(response(429, { "retry-after": "30" }), NOW).retryAfterMs).toBe(30_000);
    expect(classifyHttpOutcome(response(503, { "retry-after": new Date(NOW + 60_000).toUTCString() }), NOW).retryAfterMs).toBe(60_000);
  });

  it("backs off exponentially with jitter, honours Retry-After and stops", () => {
    const failed = classifyHttpOutcome(response(500), NOW);
    const low = (attempt: number) => nextRetryDelay(attempt, failed, () => 0)!;
    const high = (attempt: number) => nextRetryDelay(attempt, failed, () => 1)!;
    expect(low(1)).toBe(RETRY_BASE_DELAY_MS / 2);
    expect(high(1)).toBe(RETRY_BASE_DELAY_MS);
    expect(high(2)).toBe(2 * RETRY_BASE_DELAY_MS);
    expect(high(3)).toBe(4 * RETRY_BASE_DELAY_MS);
    expect(high(9)).toBeLessThanOrEqual(RETRY_MAX_DELAY_MS);
    expect(nextRetryDelay(NOTIFY_MAX_ATTEMPTS, failed)).toBeNull();

    const limited: DeliveryAttemptResult = classifyHttpOutcome(response(429, { "retry-after": "120" }), NOW);
    expect(nextRetryDelay(1, limited, () => 1)).toBe(120_000);
    const greedy = classifyHttpOutcome(response(429, { "retry-after": String(7 * 24 * 3600) }), NOW);
    expect(nextRetryDelay(1, greedy)).toBe(RETRY_AFTER_MAX_MS);

    expect(nextRetryDelay(1, classifyHttpOutcome(response(400), NOW))).toBeNull();
    expect(nextRetryDelay(1, classifyHttpOutcome(response(200), NOW))).toBeNull();
  });
});
