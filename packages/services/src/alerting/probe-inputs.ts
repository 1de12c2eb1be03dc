/**
 * SMTP probe monitors as alert inputs: the state and drift events of issue 7 (port DOWN / DEGRADED,
 * STARTTLS lost, TLS downgraded, certificate expiring) derived from each monitor's current row — its
 * state and the fingerprints the probe recorder keeps (the baseline and the last successful probe).
 *
 * These are "state" events: the newest observation decides, so one observation per monitor and event
 * says whether the condition holds now, dated from when it began (the state change or the drift event)
 * so a rule's for-duration counts from there. A cleared condition is an inactive observation, which
 * resolves the incident. Scopes: the organization, the server, and the port (`<serverId>:<port>`); MX
 * hosts of a watched domain count for the organization and the domain.
 */
import { type Db } from "@inboxwatch/db";

import { type AlertEventObservation } from "../alerts/index.ts";

/** TLS versions in order; a lower rank than the baseline's is a downgrade. */
const TLS_RANK: Record<string, number> = { SSLv3: 0, TLSv1: 1, "TLSv1.1": 2, "TLSv1.2": 3, "TLSv1.3": 4 };

interface Fingerprint {
  starttlsOffered?: boolean | null;
  tlsVersion?: string | null;
  certNotAfter?: string | null;
}

function fingerprint(value: unknown): Fingerprint | null {
  return value !== null && typeof value === "object" ? value : null;
}

/** The scope keys a monitor's observations go to (InputIndex keys: "organization" or "type:id"). */
export function monitorScopes(m: { serverId: string | null; port: number; domainId: string | null }): string[] {
  const scopes = ["organization"];
  if (m.serverId) scopes.push(`server:${m.serverId}`, `port:${portScopeId(m.serverId, m.port)}`);
  if (m.domainId) scopes.push(`domain:${m.domainId}`);
  return scopes;
}

/** A port scope's id: the server and the port, so a window on the server encloses it. */
export function portScopeId(serverId: string, port: number): string {
  return `${serverId}:${port}`;
}

export interface MonitorAlertRow {
  serverId: string | null;
  port: number;
  domainId: string | null;
  state: string;
  stateSince: Date | null;
  lastProbeAt: Date | null;
  baseline: unknown;
  lastOkFingerprint: unknown;
  /** When the newest drift event of each type was recorded, for dating the observation. */
  driftAt: Partial<Record<"starttls_disappeared" | "tls_version_lowered", Date>>;
}

/** The observations one monitor contributes (pure; see the module comment). */
export function monitorObservations(m: MonitorAlertRow): AlertEventObservation[] {
  if (!m.lastProbeAt) return [];
  const seen = m.lastProbeAt.getTime();
  const since = (m.stateSince ?? m.lastProbeAt).getTime();
  const where = m.serverId ? `port ${m.port}` : `MX port ${m.port}`;
  const out: AlertEventObservation[] = [
    { at: since, type: "port_down", active: m.state === "DOWN", detail: `${where} is ${m.state}` },
    { at: since, type: "port_degraded", active: m.state === "DEGRADED", detail: `${where} is ${m.state}` },
  ];
  const baseline = fingerprint(m.baseline);
  const last = fingerprint(m.lastOkFingerprint);
  if (baseline && last) {
    const lost = baseline.starttlsOffered === true && last.starttlsOffered === false;
    out.push({ at: lost ? (m.driftAt.starttls_disappeared?.getTime() ?? seen) : seen, type: "starttls_lost", active: lost, detail: lost ? `${where} no longer offers STARTTLS` : `${where} offers STARTTLS` });
    const was = TLS_RANK[baseline.tlsVersion ?? ""];
    const now = TLS_RANK[last.tlsVersion ?? ""];
    const lowered = was !== undefined && now !== undefined && now < was;
    out.push({
      at: lowered ? (m.driftAt.tls_version_lowered?.getTime() ?? seen) : seen,
      type: "tls_downgraded",
      active: lowered,
      detail: lowered ? `${where} negotiates ${last.tlsVersion ?? "?"}, was ${baseline.tlsVersion ?? "?"}` : `${where} negotiates ${last.tlsVersion ?? "no TLS"}`,
    });
  }
  const notAfter = last?.certNotAfter ? Date.parse(last.certNotAfter) : Number.NaN;
  if (Number.isFinite(notAfter)) out.push({ at: seen, type: "cert_expiring", active: true, notAfter, detail: `${where} certificate valid until ${new Date(notAfter).toISOString().slice(0, 10)}` });
  return out;
}

/** Loads every enabled monitor of the organization with the drift dates its observations need. */
export async function loadMonitorObservations(db: Db, orgId: string, since: Date): Promise<{ scopes: string[]; observations: AlertEventObservation[] }[]> {
  const monitors = await db.monitor.findMany({
    where: { orgId, enabled: true },
    select: {
      id: true, serverId: true, port: true, state: true, stateSince: true, lastProbeAt: true, baseline: true, lastOkFingerprint: true,
      mxWatch: { select: { domainId: true } },
    },
  });
  if (monitors.length === 0) return [];
  const drift = await db.monitorEvent.findMany({
    where: { orgId, at: { gte: since }, kind: "drift", type: { in: ["starttls_disappeared", "tls_version_lowered"] } },
    select: { monitorId: true, type: true, at: true },
    orderBy: { at: "asc" },
  });
  const driftAt = new Map<string, MonitorAlertRow["driftAt"]>();
  for (const d of drift) driftAt.set(d.monitorId, { ...driftAt.get(d.monitorId), [d.type]: d.at });
  return monitors.map((m) => {
    const row: MonitorAlertRow = { ...m, domainId: m.mxWatch?.domainId ?? null, driftAt: driftAt.get(m.id) ?? {} };
    return { scopes: monitorScopes(row), observations: monitorObservations(row) };
  });
}
