/**
 * Turning the rows the builder read into the report's sections and the rules' data: per-day KPI inputs,
 * provider tallies, listings and drift, ports, incidents, the ROI section. Pure functions over rows, so the
 * builder (build.ts) stays a list of reads.
 */
import { emptyKpiInputs, kpiDefinition, type KpiInputs, SMTP_PORTS, type SmtpPort } from "@inboxwatch/analytics/kpi";
import { type Figure } from "@inboxwatch/analytics/roi";
import { ENGAGEMENT_CATEGORIES, providerDisplayName, providerFor } from "@inboxwatch/deliverability/logs";
import {
  type DriftItem,
  type IncidentSummary,
  type PortFigure,
  type ProviderRow,
  type RoiSection,
  type ServerPorts,
} from "@inboxwatch/reporting/figures";
import {
  type AuthDriftEvent,
  type DeliveryTally,
  type ListingEvent,
  type ProviderData,
  type TlsEvent,
} from "@inboxwatch/reporting/findings";
import { formatCount, formatMoney, formatPercent } from "@inboxwatch/reporting/format";

import { addRollupRows } from "../../analytics/postgres-store.ts";
import {
  type DailyRow,
  type driftEvents,
  type periodIncidents,
  type PortDayRow,
  type probeStats,
  type tlsMonitorEvents,
} from "./queries.ts";

const ENGAGEMENT = new Set<string>(ENGAGEMENT_CATEGORIES);
/** Longest before / after text a drift item keeps (a whole SPF record fits; a JSON finding is cut). */
const DRIFT_VALUE_MAX_CHARS = 300;

export const tallyOf = (i: KpiInputs): DeliveryTally => ({
  attempted: i.delivery.attempted,
  accepted: i.delivery.accepted,
  deferred: i.delivery.deferred,
  hardBounced: i.delivery.hardBounced,
  softBounced: i.delivery.softBounced,
});

/** Sums daily rollup rows into one KpiInputs per day, and per provider × day. */
export function dailyInputs(rows: readonly DailyRow[], dayCount: number) {
  const days = Array.from({ length: dayCount }, () => emptyKpiInputs());
  const byProvider = new Map<string, KpiInputs[]>();
  for (const r of rows) {
    const day = days[r.day];
    if (!day) continue;
    const perDay = byProvider.get(r.provider) ?? Array.from({ length: dayCount }, () => emptyKpiInputs());
    byProvider.set(r.provider, perDay);
    for (const target of [day, perDay[r.day]]) {
      if (!target) continue;
      addRollupRows(target, [r]);
      if (r.status === "sent" && !ENGAGEMENT.has(r.category)) {
        target.latency = { counts: target.latency.counts.map((c, i) => c + (r.latency[i] ?? 0)) };
      }
    }
  }
  return { days, byProvider };
}

/** The provider of a feedback loop from its reporter ("Yahoo! Mail AntiSpam Feedback", "feedback.hotmail.com"), or null. */
export function providerOfReporter(reporter: string): string | null {
  const domain = reporter.toLowerCase().match(/(?:[a-z0-9-]+\.)+[a-z]{2,}/)?.[0];
  if (domain) {
    const p = providerFor(domain, domain);
    if (p !== "other") return p;
  }
  if (/yahoo|aol/i.test(reporter)) return "yahoo";
  if (/hotmail|outlook|microsoft|msn/i.test(reporter)) return "microsoft";
  return null;
}

export function providerData(
  byProvider: Map<string, KpiInputs[]>,
  previous: Map<string, KpiInputs>,
): { data: ProviderData[]; rows: ProviderRow[]; current: Map<string, KpiInputs> } {
  const keys = new Set([...byProvider.keys(), ...previous.keys()]);
  const current = new Map<string, KpiInputs>();
  const data: ProviderData[] = [];
  const rows: ProviderRow[] = [];
  for (const key of keys) {
    const days = byProvider.get(key) ?? [];
    const total = emptyKpiInputs();
    for (const d of days) sumInto(total, d);
    current.set(key, total);
    const before = previous.get(key) ?? emptyKpiInputs();
    if (total.delivery.attempted === 0 && before.delivery.attempted === 0) continue;
    data.push({ key, current: tallyOf(total), previous: tallyOf(before), daily: days.map(tallyOf) });
    rows.push({
      key,
      label: providerDisplayName(key),
      attempted: total.delivery.attempted,
      accepted: kpiDefinition("accepted_rate").compute(total),
      deferral: kpiDefinition("deferral_rate").compute(total),
      hardBounce: kpiDefinition("hard_bounce_rate").compute(total),
      previousAttempted: before.delivery.attempted,
      deferralPrevious: before.delivery.attempted > 0 ? kpiDefinition("deferral_rate").compute(before) : null,
    });
  }
  rows.sort((a, b) => b.attempted - a.attempted || a.label.localeCompare(b.label));
  return { data, rows, current };
}

/** Adds the delivery, complaint and engagement counts of `b` into `a` (what providers and days share). */
function sumInto(a: KpiInputs, b: KpiInputs): void {
  for (const k of Object.keys(a.delivery) as (keyof KpiInputs["delivery"])[]) a.delivery[k] += b.delivery[k];
  a.complaints.complaints += b.complaints.complaints;
  for (const k of Object.keys(a.engagement) as (keyof KpiInputs["engagement"])[]) a.engagement[k] += b.engagement[k];
}

/** Adds per-day ports and DMARC counts into the day inputs (the headline sparklines of uptime and DMARC). */
export function addPortsAndDmarc(
  days: KpiInputs[],
  ports: readonly PortDayRow[],
  dmarc: readonly { day: number; messages: number; spf: number; dkim: number; pass: number }[],
): void {
  for (const r of ports) {
    const d = days[r.day];
    if (!d || !(SMTP_PORTS as readonly number[]).includes(r.port)) continue;
    const port = d.ports[r.port as SmtpPort];
    port.probes += r.probes;
    port.up += r.ok;
  }
  for (const r of dmarc) {
    const d = days[r.day];
    if (!d) continue;
    d.auth = { messages: r.messages, spfAligned: r.spf, dkimAligned: r.dkim, dmarcPass: r.pass };
  }
}

export function serverPorts(rows: readonly PortDayRow[], stats: Awaited<ReturnType<typeof probeStats>>): ServerPorts[] {
  const servers = new Map<string, { hostname: string; ports: Map<number, { probes: number; ok: number }> }>();
  for (const r of rows) {
    const s = servers.get(r.serverId) ?? { hostname: r.hostname, ports: new Map<number, { probes: number; ok: number }>() };
    servers.set(r.serverId, s);
    const p = s.ports.get(r.port) ?? { probes: 0, ok: 0 };
    p.probes += r.probes;
    p.ok += r.ok;
    s.ports.set(r.port, p);
  }
  const statOf = (serverId: string, port: number) => stats.find((s) => s.serverId === serverId && s.port === port);
  return [...servers]
    .map(([serverId, s]) => ({
      serverId,
      hostname: s.hostname,
      ports: [...s.ports]
        .sort(([a], [b]) => a - b)
        .map(([port, p]): PortFigure => {
          const st = statOf(serverId, port);
          return {
            port,
            uptime: p.probes > 0 ? p.ok / p.probes : null,
            probes: p.probes,
            failures: p.probes - p.ok,
            p50Ms: st?.p50 == null ? null : Math.round(st.p50),
            p95Ms: st?.p95 == null ? null : Math.round(st.p95),
            tls: st?.tls ?? null,
          };
        }),
    }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

type Drift = Awaited<ReturnType<typeof driftEvents>>[number];
type MonitorTls = Awaited<ReturnType<typeof tlsMonitorEvents>>[number];

const AUTH_CHECKS = new Set(["spf", "dkim", "dmarc"]);
const TLS_CHECKS = new Set(["mtaSts", "tlsRpt"]);

function subjectOf(e: Drift): { subject: string; kind: "ip" | "domain"; path: string | null } {
  if (e.ip) return { subject: e.ip.address, kind: "ip", path: e.ipId ? `ips/${e.ipId}` : null };
  return { subject: e.domain?.domain ?? "unknown", kind: "domain", path: e.domainId ? `domains/${e.domainId}` : null };
}

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > DRIFT_VALUE_MAX_CHARS ? `${s.slice(0, DRIFT_VALUE_MAX_CHARS - 1)}…` : s;
}

/** The blocklist of a `dnsbl.listed` event: its `after` is the engine's list entry ({ zone, name, status }). */
function listOf(after: unknown): { name: string; zone: string | null } {
  if (after && typeof after === "object" && "name" in after && typeof after.name === "string") {
    const zone = "zone" in after && typeof after.zone === "string" ? after.zone : null;
    return { name: after.name, zone };
  }
  return { name: "a blocklist", zone: null };
}

/** Drift events in scope (domains of the scope; IPs always), split for the rules and listed for the drift section. */
export function driftOf(events: readonly Drift[], monitorTls: readonly MonitorTls[], domains: readonly string[]) {
  const inScope = events.filter((e) => !domains.length || e.ip || (e.domain && domains.includes(e.domain.domain)));
  const listings: ListingEvent[] = [];
  const auth: AuthDriftEvent[] = [];
  const tls: TlsEvent[] = [];
  const items: DriftItem[] = [];
  for (const e of inScope) {
    const s = subjectOf(e);
    const kind: DriftItem["kind"] = e.type.startsWith("dnsbl.")
      ? "blocklist"
      : AUTH_CHECKS.has(e.check)
        ? "authentication"
        : TLS_CHECKS.has(e.check)
          ? "tls"
          : "dns";
    items.push({
      at: e.at.toISOString(),
      kind,
      subject: s.subject,
      change: e.message,
      before: textOf(e.before),
      after: textOf(e.after),
      evidencePath: s.path,
    });
    if (e.type === "dnsbl.listed") {
      const list = listOf(e.after);
      const delisted = inScope.find(
        (d) =>
          d.type === "dnsbl.delisted" &&
          d.at > e.at &&
          subjectOf(d).subject === s.subject &&
          (list.zone ? d.message.includes(`(${list.zone})`) : true),
      );
      listings.push({
        at: e.at,
        subject: s.subject,
        subjectKind: s.kind,
        list: list.name,
        delistedAt: delisted?.at ?? null,
        evidencePath: s.path,
      });
    } else if (kind === "authentication") {
      auth.push({
        at: e.at,
        domain: s.subject,
        check: e.check,
        type: e.type,
        severity: e.severity,
        message: e.message,
        evidencePath: s.path,
      });
    } else if (kind === "tls") {
      tls.push({ at: e.at, subject: s.subject, message: e.message, severity: e.severity, evidencePath: s.path });
    }
  }
  for (const m of monitorTls) {
    const host = m.monitor.server?.hostname ?? "a server";
    const subject = `${host} port ${m.monitor.port}`;
    const path = m.monitor.serverId ? `servers/${m.monitor.serverId}` : null;
    const severity = m.severity === "critical" || m.severity === "warning" ? m.severity : "info";
    tls.push({ at: m.at, subject, message: m.message, severity, evidencePath: path });
    items.push({ at: m.at.toISOString(), kind: "tls", subject, change: m.message, before: null, after: null, evidencePath: path });
  }
  items.sort((a, b) => a.at.localeCompare(b.at));
  return { listings, auth, tls, items };
}

type IncidentRow = Awaited<ReturnType<typeof periodIncidents>>[number];

export function incidentSummaries(rows: readonly IncidentRow[], periodEnd: Date): IncidentSummary[] {
  return rows.map((i) => {
    const end = i.resolvedAt && i.resolvedAt < periodEnd ? i.resolvedAt : periodEnd;
    const resolved = i.resolvedAt !== null && i.resolvedAt < periodEnd;
    return {
      id: i.id,
      title: i.title,
      severity: i.severity,
      openedAt: i.openedAt.toISOString(),
      resolvedAt: resolved && i.resolvedAt ? i.resolvedAt.toISOString() : null,
      durationMinutes: Math.max(0, Math.round((end.getTime() - i.openedAt.getTime()) / 60_000)),
      outcome: resolved ? "resolved" : i.status === "acknowledged" ? "acknowledged, still open" : "still open",
      timeline: i.events
        .filter((e) => e.type !== "commented")
        .map((e) => ({ at: e.at.toISOString(), kind: e.type, text: e.body ?? e.type })),
      comments: i.events
        .filter((e) => e.type === "commented")
        .map((e) => ({ at: e.at.toISOString(), author: e.actorLabel, text: e.body ?? "" })),
    };
  });
}

function figureValue(f: Figure, currency: string): string {
  if (f.value === null) return "no data";
  if (f.unit === "messages") return formatCount(f.value);
  if (f.unit === "fraction") return formatPercent(f.value);
  if (f.unit === "hours") return `${formatCount(f.value)} h`;
  return formatMoney(f.value, f.unit === currency ? currency : f.unit);
}

interface RoiLike {
  settings: { currency: string; valuePerConversion: number | null; valuePerDeliveredMessage: number | null; costPerDowntimeHour: number };
  result: {
    incrementalAccepted: Figure;
    incrementalInbox: Figure;
    revenueFromDelivery: Figure;
    avoidedDowntimeCost: Figure;
    avoidedQueueDelayCost: Figure;
    total: Figure;
  };
}

/** The analytics ROI model's figures, formatted, with the settings they used. */
export function roiSection(roi: RoiLike): RoiSection {
  const { settings, result } = roi;
  const currency = settings.currency;
  const figures = [
    result.incrementalAccepted,
    result.incrementalInbox,
    result.revenueFromDelivery,
    result.avoidedDowntimeCost,
    result.avoidedQueueDelayCost,
    result.total,
  ];
  const unset = settings.valuePerConversion === null && settings.valuePerDeliveredMessage === null;
  return {
    figures: figures.map((f) => ({ label: f.label, value: figureValue(f, currency), formula: f.formula })),
    inputs: [
      ...result.incrementalAccepted.inputs.map((i) => ({
        label: i.label,
        value: figureValue({ ...i, formula: "", inputs: [] }, currency),
      })),
      {
        label: "Value per delivered message",
        value: settings.valuePerDeliveredMessage === null ? "not set" : formatMoney(settings.valuePerDeliveredMessage, currency),
      },
      { label: "Cost of an hour of downtime", value: formatMoney(settings.costPerDowntimeHour, currency) },
    ],
    currency,
    missing: unset ? "ROI settings not filled in (no value per message or per conversion)" : null,
  };
}
