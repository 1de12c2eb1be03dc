/**
 * Loads, for one organization, the metric series and event observations its rules need, keyed by scope,
 * from what the platform stores. Live sources:
 * - DnsDriftEvent → spf_over_limit, dmarc_weakened, dkim_missing, ip_blocklisted, domain_blocklisted
 *   (scope `domain:<SendingDomain.id>` / `ip:<SendingIp.id>` and the organization);
 * - DeliveryRollup (hourly) → bounce_rate, bounce_rate_by_category, deferral_rate
 *   (scope organization, `domain:<SendingDomain.id>` by sender domain, `provider:<key>`);
 * - DmarcReport/DmarcRecord → dmarc_compliance (% of messages with DKIM or SPF aligned pass), one point per
 *   report; TlsReportPolicy → tlsrpt_failures (failed sessions, volume = all sessions), one point per policy
 *   (scope organization and `domain:<SendingDomain.id>` by policy domain) — see `loadReportPoints`;
 * - AlertSignal → any metric or event, for any scope (probes, queue depth, latency, synthetic signals).
 */
import { type Db } from "@inboxwatch/db";

import {
  ALERT_EVENTS,
  ALERT_METRICS,
  BASELINE_DAYS,
  type AlertEventObservation,
  type AlertInput,
  type MetricPoint,
  type TAlertEvent,
  type TAlertMetric,
  type TAlertRule,
  type TAlertScope,
  scopeKey,
} from "../alerts/index.ts";
import { loadDnsCheckFailing } from "./dns-check-inputs.ts";
import { loadTableMetrics } from "./metric-inputs.ts";
import { loadMonitorObservations } from "./probe-inputs.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** State events (a listing, a weakened policy) hold until cleared: look this far back for the last observation. */
export const STATE_EVENT_LOOKBACK_DAYS = 30;

const DRIFT_EVENTS: Record<string, { event: (subject: "DOMAIN" | "IP") => TAlertEvent; active: boolean }> = {
  "spf.over-lookup-limit": { event: () => "spf_over_limit", active: true },
  "spf.within-lookup-limit": { event: () => "spf_over_limit", active: false },
  "dmarc.policy-weakened": { event: () => "dmarc_weakened", active: true },
  "dmarc.policy-strengthened": { event: () => "dmarc_weakened", active: false },
  "dkim.key-removed": { event: () => "dkim_missing", active: true },
  "dnsbl.listed": { event: (s) => (s === "IP" ? "ip_blocklisted" : "domain_blocklisted"), active: true },
  "dnsbl.delisted": { event: (s) => (s === "IP" ? "ip_blocklisted" : "domain_blocklisted"), active: false },
};

const ROLLUP_METRICS = new Set<TAlertMetric>(["bounce_rate", "bounce_rate_by_category", "deferral_rate"]);
const REPORT_METRICS = new Set<TAlertMetric>(["dmarc_compliance", "tlsrpt_failures"]);
/** Read by metric-inputs.ts from DeliveryEvent, Complaint, QueueSnapshot and MonitorRollup. */
const TABLE_METRICS = new Set<TAlertMetric>(["rate_4xx", "rate_5xx", "latency_p95", "complaint_rate", "queue_depth", "uptime"]);
const METRIC_SET = new Set<string>(ALERT_METRICS);
const EVENT_SET = new Set<string>(ALERT_EVENTS);

/** What an observation's subject is (subjects.ts): its scope, for maintenance and the incident row, and its name. */
export interface SubjectInfo {
  scope: TAlertScope;
  label: string;
}

/** Inputs by `${scopeKey}|${metric or event}[|category]`; every list sorted by time. */
export class InputIndex {
  readonly series = new Map<string, MetricPoint[]>();
  readonly events = new Map<string, AlertEventObservation[]>();
  /** Subjects of the observations by key; a key missing here is named after its scope key. */
  readonly subjects = new Map<string, SubjectInfo>();

  addSubject(key: string, info: SubjectInfo) {
    if (!this.subjects.has(key)) this.subjects.set(key, info);
  }

  addPoint(scope: string, metric: string, point: MetricPoint) {
    const key = `${scope}|${metric}`;
    const list = this.series.get(key);
    if (list) list.push(point);
    else this.series.set(key, [point]);
  }

  addEvent(scope: string, event: AlertEventObservation) {
    const key = `${scope}|${event.type}`;
    const list = this.events.get(key);
    if (list) list.push(event);
    else this.events.set(key, [event]);
  }

  sort() {
    for (const list of this.series.values()) list.sort((a, b) => a.at - b.at);
    for (const list of this.events.values()) list.sort((a, b) => a.at - b.at);
  }

  inputFor(rule: TAlertRule): AlertInput {
    const scope = scopeKey(rule.scope);
    const c = rule.condition;
    if (c.kind === "event") return { kind: "events", events: this.events.get(`${scope}|${c.event}`) ?? [] };
    const metric = c.category === undefined ? c.metric : `${c.metric}|${c.category}`;
    return { kind: "series", points: this.series.get(`${scope}|${metric}`) ?? [] };
  }
}

/** How far back the rules look: their windows, 7 days for baselines, 30 days for state events. */
function horizonMs(rules: readonly TAlertRule[]): number {
  let ms = HOUR_MS;
  for (const r of rules) {
    const c = r.condition;
    if (c.kind === "event") ms = Math.max(ms, c.windowMinutes * MINUTE_MS, STATE_EVENT_LOOKBACK_DAYS * DAY_MS);
    else ms = Math.max(ms, c.windowMinutes * MINUTE_MS + (c.kind === "baseline" ? BASELINE_DAYS * DAY_MS : 0));
  }
  return ms;
}

export async function loadInputs(db: Db, orgId: string, rules: readonly TAlertRule[], now: number): Promise<InputIndex> {
  const index = new InputIndex();
  const since = new Date(now - horizonMs(rules));
  const needsEvents = rules.some((r) => r.condition.kind === "event");
  const needsRollups = rules.some((r) => r.condition.kind !== "event" && ROLLUP_METRICS.has(r.condition.metric));
  const reportMetrics = new Set(rules.flatMap((r) => (r.condition.kind !== "event" && REPORT_METRICS.has(r.condition.metric) ? [r.condition.metric] : [])));

  const signals = await db.alertSignal.findMany({ where: { orgId, at: { gte: since, lte: new Date(now) } }, orderBy: { at: "asc" } });
  for (const s of signals) {
    const scope = s.scopeType === "organization" ? "organization" : `${s.scopeType}:${s.scopeId ?? ""}`;
    if (s.metric && METRIC_SET.has(s.metric)) index.addPoint(scope, s.metric, { at: s.at.getTime(), value: s.value, volume: s.volume });
    if (s.event && EVENT_SET.has(s.event)) {
      index.addEvent(scope, {
        at: s.at.getTime(),
        type: s.event as TAlertEvent,
        active: s.active,
        ...(s.notAfter ? { notAfter: s.notAfter.getTime() } : {}),
        ...(s.detail ? { detail: s.detail } : {}),
        subject: scope,
      });
    }
  }

  if (needsEvents) {
    const drift = await db.dnsDriftEvent.findMany({
      where: { orgId, at: { gte: since, lte: new Date(now) }, type: { in: Object.keys(DRIFT_EVENTS) } },
      select: { at: true, type: true, subjectType: true, domainId: true, ipId: true, message: true, after: true, ip: { select: { address: true } }, domain: { select: { domain: true } } },
      orderBy: { at: "asc" },
    });
    for (const d of drift) {
      const map = DRIFT_EVENTS[d.type];
      if (!map) continue;
      const subject = driftSubject(d);
      if (subject) index.addSubject(subject.key, subject.info);
      const name = d.ip?.address ?? d.domain?.domain;
      const observation: AlertEventObservation = {
        at: d.at.getTime(),
        type: map.event(d.subjectType),
        active: map.active,
        detail: name ? `${name}: ${d.message}` : d.message,
        ...(subject ? { subject: subject.key } : {}),
      };
      index.addEvent("organization", observation);
      if (d.domainId) index.addEvent(`domain:${d.domainId}`, observation);
      if (d.ipId) index.addEvent(`ip:${d.ipId}`, observation);
    }
  }

  if (needsEvents) {
    // SMTP monitors: port state, STARTTLS, TLS version and certificate, as state observations (probe-inputs.ts).
    for (const { scopes, subject, observations } of await loadMonitorObservations(db, [orgId], since)) {
      index.addSubject(subject.key, { scope: subject.scope, label: subject.label });
      for (const o of observations) for (const scope of scopes) index.addEvent(scope, o);
    }
  }

  // DNS checks that could not run: dns_check_failing (dns-check-inputs.ts).
  if (needsEvents) await loadDnsCheckFailing(db, orgId, since, new Date(now), (scope, o) => index.addEvent(scope, o));

  if (needsRollups) await loadRollups(db, orgId, since, now, index);
  if (reportMetrics.size > 0) await loadReportPoints(db, orgId, since, now, reportMetrics, index);
  const tableMetrics = new Set(rules.flatMap((r) => (r.condition.kind !== "event" && TABLE_METRICS.has(r.condition.metric) ? [r.condition.metric] : [])));
  if (tableMetrics.size > 0) {
    const domains = await db.sendingDomain.findMany({ where: { orgId }, select: { id: true, domain: true } });
    await loadTableMetrics(db, { orgId, since, until: new Date(now), metrics: tableMetrics, domainIds: new Map(domains.map((d) => [d.domain, d.id])) }, (scope, metric, point) =>
      index.addPoint(scope, metric, point),
    );
  }
  index.sort();
  return index;
}

/** "Newly listed on Spamhaus ZEN (zen.spamhaus.org)." / "Delisted from … (zone)." — the zone and list name, for a delisting (no `after`). */
const DRIFT_LIST_IN_MESSAGE = /(?:on|from) (.+) \(([^()\s]+)\)\.?$/;

/**
 * The subject of a DNS drift event: the IP or domain, and for a blocklisting also the list (listed on two
 * lists and delisted from one, it is still listed: each listing is its own subject, with its own incident).
 */
function driftSubject(d: {
  type: string;
  ipId: string | null;
  domainId: string | null;
  message: string;
  after: unknown;
  ip: { address: string } | null;
  domain: { domain: string } | null;
}): { key: string; info: SubjectInfo } | null {
  const scope: TAlertScope | null = d.ipId ? { type: "ip", id: d.ipId } : d.domainId ? { type: "domain", id: d.domainId } : null;
  if (!scope) return null;
  const name = d.ip?.address ?? d.domain?.domain ?? scopeKey(scope);
  if (!d.type.startsWith("dnsbl.")) return { key: scopeKey(scope), info: { scope, label: name } };
  const after = d.after !== null && typeof d.after === "object" ? (d.after as { zone?: unknown; name?: unknown }) : {};
  const match = DRIFT_LIST_IN_MESSAGE.exec(d.message);
  const zone = typeof after.zone === "string" ? after.zone : match?.[2];
  if (!zone) return { key: scopeKey(scope), info: { scope, label: name } };
  const list = typeof after.name === "string" ? after.name : (match?.[1] ?? zone);
  return { key: `${scopeKey(scope)}|${zone.toLowerCase()}`, info: { scope, label: `${name} on ${list === zone ? zone : `${list} (${zone})`}` } };
}

interface Bucket {
  total: number;
  bounced: number;
  deferred: number;
  byCategory: Map<string, number>;
}

/** Hourly delivery rollups folded into rate series per organization, sender domain and provider. */
async function loadRollups(db: Db, orgId: string, since: Date, now: number, index: InputIndex) {
  const [rows, domains] = await Promise.all([
    db.deliveryRollup.findMany({
      where: { orgId, hour: { gte: since, lte: new Date(now) } },
      select: { hour: true, senderDomain: true, provider: true, status: true, category: true, count: true },
    }),
    db.sendingDomain.findMany({ where: { orgId }, select: { id: true, domain: true } }),
  ]);
  const domainIds = new Map(domains.map((d) => [d.domain, d.id]));
  const buckets = new Map<string, Map<number, Bucket>>();
  const add = (scope: string, at: number, status: string, category: string, count: number) => {
    let byHour = buckets.get(scope);
    if (!byHour) buckets.set(scope, (byHour = new Map<number, Bucket>()));
    let b = byHour.get(at);
    if (!b) byHour.set(at, (b = { total: 0, bounced: 0, deferred: 0, byCategory: new Map() }));
    b.total += count;
    if (status === "bounced") {
      b.bounced += count;
      b.byCategory.set(category, (b.byCategory.get(category) ?? 0) + count);
    } else if (status === "deferred") b.deferred += count;
  };
  for (const r of rows) {
    const at = r.hour.getTime();
    add("organization", at, r.status, r.category, r.count);
    const domainId = domainIds.get(r.senderDomain);
    if (domainId) add(`domain:${domainId}`, at, r.status, r.category, r.count);
    add(`provider:${r.provider}`, at, r.status, r.category, r.count);
  }
  for (const [scope, byHour] of buckets) {
    // An hour without bounces of a category is a 0% point for it, not a missing one (the mean would skew).
    const categories = new Set<string>();
    for (const b of byHour.values()) for (const c of b.byCategory.keys()) categories.add(c);
    for (const [at, b] of byHour) {
      if (b.total === 0) continue;
      index.addPoint(scope, "bounce_rate", { at, value: (100 * b.bounced) / b.total, volume: b.total });
      index.addPoint(scope, "deferral_rate", { at, value: (100 * b.deferred) / b.total, volume: b.total });
      for (const c of categories) index.addPoint(scope, `bounce_rate_by_category|${c}`, { at, value: (100 * (b.byCategory.get(c) ?? 0)) / b.total, volume: b.total });
    }
  }
}

/**
 * Aggregate reports as points at the time they were RECEIVED, not the period they describe: reporters
 * send yesterday's report hours (up to a day) later, so keyed by arrival a 24-hour window always holds
 * the latest day of reports, and the evaluation queued when a report is processed sees it.
 */
async function loadReportPoints(db: Db, orgId: string, since: Date, now: number, metrics: ReadonlySet<TAlertMetric>, index: InputIndex) {
  const until = new Date(now);
  const [domains, dmarc, tls] = await Promise.all([
    db.sendingDomain.findMany({ where: { orgId }, select: { id: true, domain: true } }),
    metrics.has("dmarc_compliance")
      ? // Aligned = DKIM or SPF aligned pass (RFC 7489 §6.6.2), as the reports pages count it.
        db.$queryRaw<{ at: Date; domain: string; total: number; aligned: number }[]>`
          select rep."createdAt" as at, lower(rep.domain) as domain, sum(r.count)::int as total,
                 coalesce(sum(r.count) filter (where r."dkimAligned" = 'pass' or r."spfAligned" = 'pass'), 0)::int as aligned
            from "DmarcReport" rep join "DmarcRecord" r on r."reportId" = rep.id and r."orgId" = rep."orgId"
           where rep."orgId" = ${orgId} and rep."createdAt" >= ${since} and rep."createdAt" <= ${until}
           group by rep.id, rep."createdAt", rep.domain`
      : Promise.resolve([]),
    metrics.has("tlsrpt_failures")
      ? db.tlsReportPolicy.findMany({
          where: { orgId, report: { createdAt: { gte: since, lte: until } } },
          select: { policyDomain: true, successfulSessions: true, failedSessions: true, report: { select: { createdAt: true } } },
        })
      : Promise.resolve([]),
  ]);
  const domainIds = new Map(domains.map((d) => [d.domain.toLowerCase(), d.id]));
  const addBoth = (domain: string | null, metric: TAlertMetric, point: MetricPoint) => {
    index.addPoint("organization", metric, point);
    const id = domain ? domainIds.get(domain.toLowerCase()) : undefined;
    if (id) index.addPoint(`domain:${id}`, metric, point);
  };
  for (const d of dmarc) {
    if (d.total > 0) addBoth(d.domain, "dmarc_compliance", { at: d.at.getTime(), value: (100 * d.aligned) / d.total, volume: d.total });
  }
  for (const p of tls) {
    addBoth(p.policyDomain, "tlsrpt_failures", { at: p.report.createdAt.getTime(), value: p.failedSessions, volume: p.successfulSessions + p.failedSessions });
  }
}
