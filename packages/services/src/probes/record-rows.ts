/**
 * Pure pieces of recording a probe: the typed columns of a ProbeResult row, the monitor's previous
 * state in the engine's terms, drift wording, and the hourly rollup rows of a batch (aggregated here,
 * so the multi-row upsert never touches one rollup row twice — PostgreSQL refuses that in one statement).
 */
import { type DriftEvent, type MonitorState, type ProbeFingerprint, type ProbeResult } from "@inboxwatch/deliverability/smtp";
import { type Monitor, type Prisma } from "@inboxwatch/db";

const ms = (n: number | null) => (n === null ? null : Math.round(n));

export const json = (v: unknown) => v as Prisma.InputJsonValue;

export function resultColumns(result: ProbeResult) {
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

export function driftMessage(e: DriftEvent): string {
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

export function previousState(monitor: Monitor): MonitorState | null {
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

const HOUR_MS = 3_600_000;

export interface RollupRow {
  orgId: string;
  monitorId: string;
  hour: Date;
  probes: number;
  ok: number;
  latencySumMs: number;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
}

/** One rollup row per (monitor, hour) of the batch; latency only of probes that were not failures. */
export function rollupRows(probes: { orgId: string; monitorId: string; time: Date; failed: boolean; totalMs: number }[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const p of probes) {
    const hour = new Date(Math.floor(p.time.getTime() / HOUR_MS) * HOUR_MS);
    const key = `${p.monitorId}\u0000${hour.getTime()}`;
    let row = rows.get(key);
    if (!row) {
      row = { orgId: p.orgId, monitorId: p.monitorId, hour, probes: 0, ok: 0, latencySumMs: 0, latencyMinMs: null, latencyMaxMs: null };
      rows.set(key, row);
    }
    row.probes += 1;
    if (!p.failed) {
      row.ok += 1;
      row.latencySumMs += p.totalMs;
      row.latencyMinMs = row.latencyMinMs === null ? p.totalMs : Math.min(row.latencyMinMs, p.totalMs);
      row.latencyMaxMs = row.latencyMaxMs === null ? p.totalMs : Math.max(row.latencyMaxMs, p.totalMs);
    }
  }
  return [...rows.values()];
}
