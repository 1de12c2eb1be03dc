/**
 * Storing one probe of a monitor: the result row, the monitor's next state, state-change and drift
 * events, the hourly rollup, and (after a first failure) the confirming retry — in one transaction, so a
 * crash leaves all of it or none, and a re-run job for the same slot records nothing twice.
 */
import {
  detectFingerprintDrift,
  type DriftEvent,
  fingerprintOf,
  isProbeFailure,
  MONITOR_FAILURES_TO_CONFIRM_DOWN,
  type MonitorState,
  nextMonitorState,
  type ProbeFingerprint,
  type ProbeResult,
} from "@inboxwatch/deliverability/smtp";
import { type Monitor, type Prisma } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { type Tx } from "../context.ts";

/** A first failure is re-probed this soon, so DOWN is confirmed (or not) within half a minute, not a whole interval. */
export const PROBE_RETRY_DELAY_SECONDS = 20;

const ms = (n: number | null) => (n === null ? null : Math.round(n));

function resultColumns(result: ProbeResult) {
  const o = result.outcome;
  const leaf = result.tls?.chain[0];
  return {
    outcome: o.kind,
    failedPhase: o.kind === "ok" ? null : o.phase,
    replyCode: "code" in o ? o.code : null,
    enhancedCode: "enhancedCode" in o ? o.enhancedCode : null,
    message: o.kind === "ok" ? null : o.message.slice(0, 500),
    totalMs: Math.round(result.timings.total),
    dnsMs: ms(result.timings.dns),
    connectMs: ms(result.timings.connect),
    bannerMs: ms(result.timings.banner),
    ehloMs: ms(result.timings.ehlo),
    tlsMs: ms(result.timings.tls),
    ehloAfterTlsMs: ms(result.timings.ehloAfterTls),
    authMs: ms(result.timings.auth),
    envelopeMs: ms(result.timings.envelope),
    address: result.connected?.address ?? null,
    tlsVersion: result.tls?.version ?? null,
    tlsCipher: result.tls?.cipher ?? null,
    certNotAfter: leaf ? new Date(leaf.notAfter) : null,
  };
}

function driftMessage(e: DriftEvent): string {
  switch (e.type) {
    case "certificate_expiring":
      return `TLS certificate expires in ${e.daysLeft} days (${e.notAfter})`;
    case "certificate_replaced":
      return `TLS certificate replaced (issuer ${e.after.issuer ?? "?"}, valid until ${e.after.notAfter ?? "?"})`;
    case "auth_mechanisms_changed":
      return `AUTH mechanisms changed: ${e.before.join(" ") || "none"} → ${e.after.join(" ") || "none"}`;
    case "starttls_disappeared":
      return "STARTTLS is no longer advertised";
    default:
      return `${e.type.replace(/_/g, " ")}: ${String(e.before ?? "none")} → ${String(e.after ?? "none")}`;
  }
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

function previousState(monitor: Monitor): MonitorState | null {
  if (monitor.state === "UNKNOWN") return null;
  return {
    status: monitor.state,
    since: monitor.stateSince?.toISOString() ?? null,
    consecutiveFailures: monitor.consecutiveFailures,
    reasons: monitor.stateReasons,
    baseline: (monitor.baseline as ProbeFingerprint | null) ?? null,
    lastCheckedAt: monitor.lastProbeAt?.toISOString() ?? null,
  };
}

export interface RecordedProbe {
  recorded: boolean;
  resultId: string | null;
  state: Monitor["state"];
  retryQueued: boolean;
  events: number;
}

/**
 * @param slot the scheduled time this probe stands for (the claimed `nextProbeAt`, a retry's due time,
 *   or now for "Probe now"); a slot at or before the monitor's last recorded one is skipped.
 */
export async function recordProbe(tx: Tx, monitor: Monitor, slot: Date, result: ProbeResult, now: Date): Promise<RecordedProbe> {
  const claimed = await tx.monitor.updateMany({
    where: { id: monitor.id, orgId: monitor.orgId, OR: [{ lastSlotAt: null }, { lastSlotAt: { lt: slot } }] },
    data: { lastSlotAt: slot },
  });
  if (claimed.count === 0) return { recorded: false, resultId: null, state: monitor.state, retryQueued: false, events: 0 };

  const time = new Date(result.startedAt);
  const previous = await tx.probeResult.findMany({
    where: { orgId: monitor.orgId, monitorId: monitor.id },
    orderBy: { time: "desc" },
    take: MONITOR_FAILURES_TO_CONFIRM_DOWN - 1,
    select: { result: true },
  });
  const recent = [...previous.map((p) => p.result as unknown as ProbeResult).reverse(), result];
  const next = nextMonitorState(previousState(monitor), recent);
  const failed = isProbeFailure(result);

  const row = await tx.probeResult.create({ data: { orgId: monitor.orgId, monitorId: monitor.id, time, ...resultColumns(result), result: json(result) }, select: { id: true } });

  const events: Prisma.MonitorEventCreateManyInput[] = [];
  if (next.status !== monitor.state) {
    events.push({
      orgId: monitor.orgId,
      monitorId: monitor.id,
      at: time,
      kind: "state_change",
      type: next.status,
      severity: next.status === "DOWN" ? "critical" : next.status === "DEGRADED" ? "warning" : "info",
      message: next.reasons.length > 0 ? `${monitor.state} → ${next.status}: ${next.reasons.join("; ")}` : `${monitor.state} → ${next.status}`,
      before: json(monitor.state),
      after: json(next.status),
    });
  }
  let lastOkFingerprint = monitor.lastOkFingerprint as ProbeFingerprint | null;
  if (result.outcome.kind === "ok") {
    const current = fingerprintOf(result);
    for (const e of detectFingerprintDrift(lastOkFingerprint, current)) {
      events.push({
        orgId: monitor.orgId,
        monitorId: monitor.id,
        at: time,
        kind: "drift",
        type: e.type,
        severity: e.severity === "regression" ? "warning" : "info",
        message: driftMessage(e),
        ...("before" in e ? { before: json(e.before) } : {}),
        ...("after" in e ? { after: json(e.after) } : { after: json({ daysLeft: e.daysLeft, notAfter: e.notAfter }) }),
      });
    }
    lastOkFingerprint = current;
  }
  if (events.length > 0) await tx.monitorEvent.createMany({ data: events });

  await tx.monitor.update({
    where: { id: monitor.id, orgId: monitor.orgId },
    data: {
      state: next.status,
      stateSince: next.status !== monitor.state ? time : monitor.stateSince ?? time,
      consecutiveFailures: next.consecutiveFailures,
      stateReasons: next.reasons,
      baseline: next.baseline ? json(next.baseline) : undefined,
      lastOkFingerprint: lastOkFingerprint ? json(lastOkFingerprint) : undefined,
      lastProbeAt: time,
      lastOutcome: result.outcome.kind,
      lastLatencyMs: Math.round(result.timings.total),
      lastTlsVersion: result.tls?.version ?? null,
      nextProbeAt: new Date(now.getTime() + monitor.intervalSeconds * 1000),
    },
  });

  const hour = new Date(Math.floor(time.getTime() / 3_600_000) * 3_600_000);
  const latency = failed ? null : Math.round(result.timings.total);
  await tx.$executeRaw`
    INSERT INTO "MonitorRollup" ("orgId", "monitorId", "hour", "probes", "ok", "latencySumMs", "latencyMinMs", "latencyMaxMs")
    VALUES (${monitor.orgId}, ${monitor.id}, ${hour}, 1, ${failed ? 0 : 1}, ${latency ?? 0}, ${latency}, ${latency})
    ON CONFLICT ("orgId", "monitorId", "hour") DO UPDATE SET
      "probes" = "MonitorRollup"."probes" + 1,
      "ok" = "MonitorRollup"."ok" + EXCLUDED."ok",
      "latencySumMs" = "MonitorRollup"."latencySumMs" + EXCLUDED."latencySumMs",
      "latencyMinMs" = LEAST("MonitorRollup"."latencyMinMs", EXCLUDED."latencyMinMs"),
      "latencyMaxMs" = GREATEST("MonitorRollup"."latencyMaxMs", EXCLUDED."latencyMaxMs")`;

  // One failure is not DOWN yet (greylisting, one-off resets): confirm it soon rather than a whole interval later.
  let retryQueued = false;
  if (failed && next.status !== "DOWN") {
    const due = new Date(now.getTime() + PROBE_RETRY_DELAY_SECONDS * 1000);
    await sendJob("probes.run", { orgId: monitor.orgId, monitorId: monitor.id, slot: due.toISOString() }, { tx, startAfterSeconds: PROBE_RETRY_DELAY_SECONDS });
    retryQueued = true;
  }
  return { recorded: true, resultId: row.id, state: next.status, retryQueued, events: events.length };
}
