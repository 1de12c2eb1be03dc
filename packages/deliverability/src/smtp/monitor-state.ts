/**
 * Monitor state from probe results: UP, DEGRADED (answers, but slow, or weaker than its baseline), DOWN
 * (failed twice in a row). One failure never flips a monitor to DOWN: greylisting (a 4xx to a new
 * client, RFC 6647 §2.1) and one-off resets are normal on the internet, so DOWN waits for the retry.
 * Pure and JSON-serialisable: the worker stores the state and feeds it back with the next results.
 */
import { detectFingerprintDrift, fingerprintOf, type ProbeFingerprint } from "./drift.ts";
import { CERT_EXPIRY_WARNING_DAYS } from "./limits.ts";
import { type ProbeResult } from "./types.ts";

export type MonitorStatus = "UP" | "DEGRADED" | "DOWN";

export interface MonitorState {
  status: MonitorStatus;
  /** startedAt of the probe that moved the monitor into this status. */
  since: string | null;
  /** Trailing probes that failed outright (see isProbeFailure). */
  consecutiveFailures: number;
  /** Human-readable reasons for DEGRADED/DOWN, or for a pending, unconfirmed failure. */
  reasons: string[];
  /** Fingerprint of the last probe without a regression: what "regression" is measured against. */
  baseline: ProbeFingerprint | null;
  lastCheckedAt: string | null;
}

/** A probe slower than this end to end (DNS to QUIT) degrades the monitor; 10 s is far beyond a healthy MX. */
export const MONITOR_SLOW_THRESHOLD_MS = 10_000;
/** Consecutive failures before DOWN: the failure plus one confirming retry. */
export const MONITOR_FAILURES_TO_CONFIRM_DOWN = 2;

export interface MonitorOptions {
  slowThresholdMs?: number;
  failuresToConfirmDown?: number;
}

/**
 * A probe that shows the service unusable. AUTH refusals and envelope rejections are not: the server
 * answers and speaks SMTP, so they degrade rather than take it down.
 */
export function isProbeFailure(result: ProbeResult): boolean {
  const o = result.outcome;
  if (o.kind === "ok" || o.kind === "auth_failed") return false;
  return !(o.kind === "rejected" && o.phase === "envelope");
}

function describeOutcome(result: ProbeResult): string {
  const o = result.outcome;
  if (o.kind === "ok") return "ok";
  const code = "code" in o && o.code !== null ? ` ${o.code}` : "";
  return `${o.kind}${code} in ${o.phase}: ${o.message}`;
}

export function initialMonitorState(): MonitorState {
  return { status: "UP", since: null, consecutiveFailures: 0, reasons: [], baseline: null, lastCheckedAt: null };
}

/**
 * @param recentResults probes of this monitor in time order, newest last (the last few suffice: at
 *   least `failuresToConfirmDown`).
 */
export function nextMonitorState(
  previousState: MonitorState | null,
  recentResults: readonly ProbeResult[],
  options: MonitorOptions = {},
): MonitorState {
  const previous = previousState ?? initialMonitorState();
  const latest = recentResults.at(-1);
  if (!latest) return previous;
  const confirm = options.failuresToConfirmDown ?? MONITOR_FAILURES_TO_CONFIRM_DOWN;
  const slowMs = options.slowThresholdMs ?? MONITOR_SLOW_THRESHOLD_MS;

  let trailing = 0;
  for (let i = recentResults.length - 1; i >= 0; i -= 1) {
    const r = recentResults[i];
    if (!r || !isProbeFailure(r)) break;
    trailing += 1;
  }
  const next = (status: MonitorStatus, reasons: string[], baseline: ProbeFingerprint | null): MonitorState => ({
    status,
    since: status === previous.status && previous.since !== null ? previous.since : latest.startedAt,
    consecutiveFailures: trailing,
    reasons,
    baseline,
    lastCheckedAt: latest.startedAt,
  });

  if (trailing >= confirm) return next("DOWN", [describeOutcome(latest)], previous.baseline);
  if (trailing > 0) {
    // Unconfirmed: keep the status (a new monitor shows DEGRADED until the retry decides).
    const status = previousState ? previous.status : "DEGRADED";
    return next(
      status,
      [
        `unconfirmed failure, awaiting retry: ${describeOutcome(latest)}`,
        ...(status === "DEGRADED" ? previous.reasons.filter((r) => !r.startsWith("unconfirmed")) : []),
      ],
      previous.baseline,
    );
  }

  const reasons: string[] = [];
  if (latest.outcome.kind !== "ok") reasons.push(describeOutcome(latest));
  if (latest.timings.total > slowMs) reasons.push(`slow: ${Math.round(latest.timings.total)} ms > ${slowMs} ms`);

  const current = fingerprintOf(latest);
  const regressions = detectFingerprintDrift(previous.baseline, current)
    .filter((e) => e.severity === "regression" && e.type !== "certificate_expiring")
    .map((e) => `${e.type.replace(/_/g, " ")}${"before" in e ? `: ${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}` : ""}`);
  if (previous.baseline?.tlsAuthorized === true && current.tlsAuthorized === false) regressions.push("TLS certificate no longer verifies");
  // Expiry is judged absolutely, on every probe, not only when it crosses the line.
  if (current.certDaysLeft !== null && current.certDaysLeft <= CERT_EXPIRY_WARNING_DAYS) {
    reasons.push(current.certDaysLeft < 0 ? "TLS certificate expired" : `TLS certificate expires in ${current.certDaysLeft} days`);
  }
  reasons.push(...regressions);
  // The baseline moves only on a probe that is at least as good; a regression stays until fixed or reset.
  const baseline = regressions.length === 0 && latest.outcome.kind === "ok" ? current : previous.baseline;
  return next(reasons.length > 0 ? "DEGRADED" : "UP", reasons, baseline);
}
