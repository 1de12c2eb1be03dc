/**
 * One delivery attempt's outcome, as data for the delivery log and the retry decision: delivered,
 * retryable (5xx, 408, 429, timeout, network failure, SMTP 4yz) or permanent (other 4xx, redirects,
 * refused by the egress guard, bad configuration, SMTP 5yz).
 */
import type { HttpOutcome } from "@inboxwatch/deliverability/net";

/** The response excerpt kept in the delivery log. */
export const DELIVERY_DETAIL_MAX_CHARS = 500;
/** First retry after ~10 s: long enough for a restarting receiver, short enough for a page. */
export const RETRY_BASE_DELAY_MS = 10_000;
/** Backoff stops growing at one hour. */
export const RETRY_MAX_DELAY_MS = 60 * 60_000;
/** A receiver may ask us to wait (Retry-After), but not longer than 6 hours: an alert older than that is history. */
export const RETRY_AFTER_MAX_MS = 6 * 60 * 60_000;
/** Attempts per notification (≈ 2 h of backoff) before the delivery is given up and the channel marked failing. */
export const NOTIFY_MAX_ATTEMPTS = 10;

export type DeliveryFailureReason =
  | "server_error"
  | "rate_limited"
  | "timeout"
  | "network_error"
  | "client_error"
  | "redirect"
  | "blocked_by_policy"
  | "invalid_config"
  | "smtp_transient"
  | "smtp_permanent";

export interface DeliveryAttemptResult {
  outcome: "delivered" | "retryable" | "permanent";
  reason: DeliveryFailureReason | null;
  /** HTTP status or SMTP reply code; null when no reply came. */
  status: number | null;
  /** What the receiver asked for with Retry-After, in ms from now. */
  retryAfterMs: number | null;
  durationMs: number;
  /** Response excerpt or error message, for the delivery log. */
  detail: string;
}

export function clipDetail(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= DELIVERY_DETAIL_MAX_CHARS ? flat : `${flat.slice(0, DELIVERY_DETAIL_MAX_CHARS - 1)}…`;
}

/**
 * Retry-After (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date. Returns ms from `now`,
 * never negative; null when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function permanent(
  reason: DeliveryFailureReason,
  detail: string,
  durationMs = 0,
  status: number | null = null,
): DeliveryAttemptResult {
  return { outcome: "permanent", reason, status, retryAfterMs: null, durationMs, detail: clipDetail(detail) };
}

export function classifyHttpOutcome(outcome: HttpOutcome, now: number): DeliveryAttemptResult {
  const { durationMs } = outcome;
  switch (outcome.kind) {
    case "timeout":
      return { outcome: "retryable", reason: "timeout", status: null, retryAfterMs: null, durationMs, detail: clipDetail(outcome.message) };
    case "network_error":
      return {
        outcome: "retryable",
        reason: "network_error",
        status: null,
        retryAfterMs: null,
        durationMs,
        detail: clipDetail(outcome.message),
      };
    case "blocked":
      return permanent("blocked_by_policy", outcome.message, durationMs);
    case "invalid_request":
      return permanent("invalid_config", outcome.message, durationMs);
    case "response":
      break;
  }
  const { status, body, headers } = outcome;
  const detail = clipDetail(`${status} ${body}`);
  if (status >= 200 && status < 300) return { outcome: "delivered", reason: null, status, retryAfterMs: null, durationMs, detail };
  const retryAfterMs = parseRetryAfter(headers["retry-after"], now);
  if (status === 429) return { outcome: "retryable", reason: "rate_limited", status, retryAfterMs, durationMs, detail };
  // 408 Request Timeout invites a retry (RFC 9110 §15.5.9); 5xx are the receiver's problem, maybe passing.
  if (status >= 500 || status === 408) {
    return { outcome: "retryable", reason: status === 408 ? "timeout" : "server_error", status, retryAfterMs, durationMs, detail };
  }
  // Redirects are not followed: a webhook URL that moved must be updated by its owner, and following
  // one would bypass the egress check of the target.
  if (status >= 300 && status < 400) return permanent("redirect", `${detail} (redirects are not followed)`, durationMs, status);
  return permanent("client_error", detail, durationMs, status);
}

/**
 * Delay before the next attempt, or null when there should be none (delivered, permanent failure, or
 * `attempt` — attempts made so far, 1-based — reached NOTIFY_MAX_ATTEMPTS). Exponential backoff with
 * "equal jitter" (half fixed, half random) so retries of many notifications spread out; never shorter than
 * the receiver's Retry-After (clamped to RETRY_AFTER_MAX_MS).
 */
export function nextRetryDelay(attempt: number, result: DeliveryAttemptResult, random: () => number = Math.random): number | null {
  if (result.outcome !== "retryable" || attempt >= NOTIFY_MAX_ATTEMPTS) return null;
  const backoff = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(backoff / 2 + random() * (backoff / 2));
  const asked = result.retryAfterMs === null ? 0 : Math.min(result.retryAfterMs, RETRY_AFTER_MAX_MS);
  return Math.max(jittered, asked);
}
