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
import { type SystemContext } from "@inboxwatch/services";

import { type AlertEventObservation, type TAlertScope } from "../engine/index.ts";

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
  /** The server's hostname, or the MX host; null only in tests that do not care. */
  host?: string | null;
  /** The watched domain of an MX host monitor. */
  domain?: string | null;
  state: string;
  stateSince: Date | null;
  /** Trailing failed probes: the confirmations of a DOWN state (a rule may ask for 2 in a row). */
  consecutiveFailures?: number;
  lastProbeAt: Date | null;
  baseline: unknown;
  lastOkFingerprint: unknown;
  /** When the newest drift event of each type was recorded, for dating the observation. */
  driftAt: Partial<Record<"starttls_disappeared" | "tls_version_lowered", Date>>;
}

/** What a monitor watches, as an incident subject: the port of a server, or an MX host of a watched domain. */
export interface MonitorSubject {
  key: string;
  scope: TAlertScope;
  label: string;
}

export function monitorSubject(m: Pick<MonitorAlertRow, "serverId" | "port" | "domainId" | "host" | "domain">): MonitorSubject {
  const host = m.host ?? "?";
  if (m.serverId) {
    const id = portScopeId(m.serverId, m.port);
    return { key: `port:${id}`, scope: { type: "port", id }, label: `${host} port ${m.port}` };
  }
  const label = `MX ${host} port ${m.port}${m.domain ? ` (${m.domain})` : ""}`;
  // An MX host has no scope of its own: it belongs to the domain; the key tells the hosts apart.
  if (m.domainId) return { key: `domain:${m.domainId}|${host}:${m.port}`, scope: { type: "domain", id: m.domainId }, label };
  return { key: "organization", scope: { type: "organization" }, label };
}

/** The observations one monitor contributes (pure; see the module comment). */
export function monitorObservations(m: MonitorAlertRow): AlertEventObservation[] {
  if (!m.lastProbeAt) return [];
  const seen = m.lastProbeAt.getTime();
  const since = (m.stateSince ?? m.lastProbeAt).getTime();
  const { key: subject, label: where } = monitorSubject(m);
  const out: AlertEventObservation[] = [
    {
      at: since,
      type: "port_down",
      active: m.state === "DOWN",
      detail: `${where} is ${m.state}`,
      subject,
      confirmations: Math.max(1, m.consecutiveFailures ?? 1),
    },
    { at: since, type: "port_degraded", active: m.state === "DEGRADED", detail: `${where} is ${m.state}`, subject },
  ];
  const baseline = fingerprint(m.baseline);
  const last = fingerprint(m.lastOkFingerprint);
  if (baseline && last) {
    const lost = baseline.starttlsOffered === true && last.starttlsOffered === false;
    out.push({
      at: lost ? (m.driftAt.starttls_disappeared?.getTime() ?? seen) : seen,
      type: "starttls_lost",
      active: lost,
      detail: lost ? `${where} no longer offers STARTTLS` : `${where} offers STARTTLS`,
      subject,
    });
    const was = TLS_RANK[baseline.tlsVersion ?? ""];
    const now = TLS_RANK[last.tlsVersion ?? ""];
    const lowered = was !== undefined && now !== undefined && now < was;
    out.push({
      at: lowered ? (m.driftAt.tls_version_lowered?.getTime() ?? seen) : seen,
      type: "tls_downgraded",
      active: lowered,
      detail: lowered
        ? `${where} negotiates ${last.tlsVersion ?? "?"}, was ${baseline.tlsVersion ?? "?"}`
        : `${where} negotiates ${last.tlsVersion ?? "no TLS"}`,
      subject,
    });
  }
  const notAfter = last?.certNotAfter ? Date.parse(last.certNotAfter) : Number.NaN;
  if (Number.isFinite(notAfter))
    out.push({
      at: seen,
      type: "cert_expiring",
      active: true,
      notAfter,
      detail: `${where} certificate valid until ${new Date(notAfter).toISOString().slice(0, 10)}`,
      subject,
    });
  return out;
}

/**
 * Loads every enabled monitor of the organizations (one query for all of them, one for their drift dates)
 * with what its observations and its subject need.
 */
export async function loadMonitorObservations(
  ctx: SystemContext,
  input: { orgIds: readonly string[]; since: Date },
): Promise<{ orgId: string; scopes: string[]; subject: MonitorSubject; observations: AlertEventObservation[] }[]> {
  const { db } = ctx;
  const { orgIds, since } = input;
  if (orgIds.length === 0) return [];
  const monitors = await db.monitor.findMany({
    where: { orgId: { in: [...orgIds] }, enabled: true },
    select: {
      id: true,
      orgId: true,
      serverId: true,
      port: true,
      state: true,
      stateSince: true,
      consecutiveFailures: true,
      lastProbeAt: true,
      baseline: true,
      lastOkFingerprint: true,
      mxHost: true,
      server: { select: { hostname: true } },
      mxWatch: { select: { domainId: true, domain: { select: { domain: true } } } },
    },
  });
  if (monitors.length === 0) return [];
  const drift = await db.monitorEvent.findMany({
    where: {
      orgId: { in: [...new Set(monitors.map((m) => m.orgId))] },
      at: { gte: since },
      kind: "drift",
      type: { in: ["starttls_disappeared", "tls_version_lowered"] },
    },
    select: { monitorId: true, type: true, at: true },
    orderBy: { at: "asc" },
  });
  const driftAt = new Map<string, MonitorAlertRow["driftAt"]>();
  for (const d of drift) driftAt.set(d.monitorId, { ...driftAt.get(d.monitorId), [d.type]: d.at });
  return monitors.map((m) => {
    const row: MonitorAlertRow = {
      ...m,
      domainId: m.mxWatch?.domainId ?? null,
      host: m.server?.hostname ?? m.mxHost,
      domain: m.mxWatch?.domain.domain ?? null,
      driftAt: driftAt.get(m.id) ?? {},
    };
    return { orgId: m.orgId, scopes: monitorScopes(row), subject: monitorSubject(row), observations: monitorObservations(row) };
  });
}
