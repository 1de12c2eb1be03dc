/**
 * Loads, for the organizations of an evaluation batch, the metric series and event observations its rules need, keyed by scope,
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
import { type SystemContext } from "@inboxwatch/services";

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
} from "../engine/index.ts";
import { loadDnsCheckFailing } from "./dns-check-inputs.ts";
import { loadTableMetrics } from "./metric-inputs.ts";
import { loadMonitorObservations } from "./probe-inputs.ts";
import { type AddOrgPoint, type BatchWindow, loadDomainIds, loadReportPoints, loadRollups } from "./rollup-inputs.ts";

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
  "dkim.key-restored": { event: () => "dkim_missing", active: false },
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

/** What one organization's rules need loaded. */
interface OrgNeeds {
  events: boolean;
  rollups: boolean;
  reportMetrics: Set<TAlertMetric>;
  tableMetrics: Set<TAlertMetric>;
}

function needsOf(rules: readonly TAlertRule[]): OrgNeeds {
  const needs: OrgNeeds = { events: false, rollups: false, reportMetrics: new Set(), tableMetrics: new Set() };
  for (const r of rules) {
    const c = r.condition;
    if (c.kind === "event") {
      needs.events = true;
      continue;
    }
    if (ROLLUP_METRICS.has(c.metric)) needs.rollups = true;
    if (REPORT_METRICS.has(c.metric)) needs.reportMetrics.add(c.metric);
    if (TABLE_METRICS.has(c.metric)) needs.tableMetrics.add(c.metric);
  }
  return needs;
}

/**
 * Loads the inputs of every organization of an evaluation batch with ONE query per input kind for all of
 * them (signals, drift, monitors, rollups, reports, table metrics), over the longest horizon of the
 * batch's rules — a longer look-back only adds points the windows ignore, so each rule sees the same
 * input as if its organization were loaded alone.
 */
export async function loadInputs(
  ctx: SystemContext,
  input: { rulesByOrg: ReadonlyMap<string, readonly TAlertRule[]>; now: number },
): Promise<Map<string, InputIndex>> {
  const { db } = ctx;
  const { rulesByOrg, now } = input;
  const indexes = new Map<string, InputIndex>();
  const orgIds = [...rulesByOrg.keys()];
  for (const orgId of orgIds) indexes.set(orgId, new InputIndex());
  if (orgIds.length === 0) return indexes;
  const indexOf = (orgId: string) => indexes.get(orgId) ?? new InputIndex();
  const since = new Date(now - horizonMs([...rulesByOrg.values()].flat()));
  const until = new Date(now);
  const needs = new Map(orgIds.map((o) => [o, needsOf(rulesByOrg.get(o) ?? [])]));
  const eventOrgs = orgIds.filter((o) => needs.get(o)?.events);
  const rollupOrgs = orgIds.filter((o) => needs.get(o)?.rollups);
  const reportMetrics = new Map(orgIds.map((o) => [o, needs.get(o)?.reportMetrics ?? new Set<TAlertMetric>()]));
  const tableMetrics = new Map(orgIds.map((o) => [o, needs.get(o)?.tableMetrics ?? new Set<TAlertMetric>()]));
  const domainOrgs = orgIds.filter((o) => {
    const n = needs.get(o);
    return n !== undefined && (n.rollups || n.reportMetrics.size > 0 || n.tableMetrics.size > 0);
  });
  const addPoint: AddOrgPoint = (orgId, scope, metric, point) => indexOf(orgId).addPoint(scope, metric, point);
  const window = { orgIds, since, until };

  const domainIds = await loadDomainIds(ctx, { orgIds: domainOrgs });
  await Promise.all([
    loadSignals(db, window, indexOf),
    loadDrift(db, { ...window, orgIds: eventOrgs }, indexOf),
    loadMonitorObservations(ctx, { orgIds: eventOrgs, since }).then((monitors) => {
      // SMTP monitors: port state, STARTTLS, TLS version and certificate, as state observations (probe-inputs.ts).
      for (const { orgId, scopes, subject, observations } of monitors) {
        const index = indexOf(orgId);
        index.addSubject(subject.key, { scope: subject.scope, label: subject.label });
        for (const o of observations) for (const scope of scopes) index.addEvent(scope, o);
      }
    }),
    // DNS checks that could not run: dns_check_failing (dns-check-inputs.ts).
    loadDnsCheckFailing(ctx, { window: { ...window, orgIds: eventOrgs }, add: (orgId, scope, o) => indexOf(orgId).addEvent(scope, o) }),
    loadRollups(ctx, { window: { ...window, orgIds: rollupOrgs }, domainIds, add: addPoint }),
    loadReportPoints(ctx, { window, metrics: reportMetrics, domainIds, add: addPoint }),
    loadTableMetrics(ctx, { window, metrics: tableMetrics, domainIds, add: addPoint }),
  ]);
  for (const index of indexes.values()) index.sort();
  return indexes;
}

async function loadSignals(db: Db, w: BatchWindow, indexOf: (orgId: string) => InputIndex) {
  const signals = await db.alertSignal.findMany({
    where: { orgId: { in: [...w.orgIds] }, at: { gte: w.since, lte: w.until } },
    orderBy: { at: "asc" },
  });
  for (const s of signals) {
    const index = indexOf(s.orgId);
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
}

async function loadDrift(db: Db, w: BatchWindow, indexOf: (orgId: string) => InputIndex) {
  if (w.orgIds.length === 0) return;
  // One joined query (the IP address and domain name name the subject), not a findMany plus one query per relation.
  const drift = await db.$queryRaw<DriftRow[]>`
    select e."orgId" as "orgId", e.at, e.type, e."subjectType" as "subjectType", e."domainId" as "domainId", e."ipId" as "ipId", e.message, e.after,
           ip.address as "ipAddress", d.domain as "domainName"
      from "DnsDriftEvent" e
      left join "SendingIp" ip on ip.id = e."ipId" and ip."orgId" = e."orgId"
      left join "SendingDomain" d on d.id = e."domainId" and d."orgId" = e."orgId"
     where e."orgId" = any(${[...w.orgIds]}::text[]) and e.at >= ${w.since} and e.at <= ${w.until} and e.type = any(${Object.keys(DRIFT_EVENTS)}::text[])
     order by e.at asc`;
  for (const d of drift) {
    const map = DRIFT_EVENTS[d.type];
    if (!map) continue;
    const index = indexOf(d.orgId);
    const subject = driftSubject(d);
    if (subject) index.addSubject(subject.key, subject.info);
    const name = d.ipAddress ?? d.domainName;
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

interface DriftRow {
  orgId: string;
  at: Date;
  type: string;
  subjectType: "DOMAIN" | "IP";
  domainId: string | null;
  ipId: string | null;
  message: string;
  after: unknown;
  ipAddress: string | null;
  domainName: string | null;
}

/** "Newly listed on Spamhaus ZEN (zen.spamhaus.org)." / "Delisted from … (zone)." — the zone and list name, for a delisting (no `after`). */
const DRIFT_LIST_IN_MESSAGE = /(?:on|from) (.+) \(([^()\s]+)\)\.?$/;

/**
 * The subject of a DNS drift event: the IP or domain, and for a blocklisting also the list (listed on two
 * lists and delisted from one, it is still listed: each listing is its own subject, with its own incident).
 */
function driftSubject(d: DriftRow): { key: string; info: SubjectInfo } | null {
  const scope: TAlertScope | null = d.ipId ? { type: "ip", id: d.ipId } : d.domainId ? { type: "domain", id: d.domainId } : null;
  if (!scope) return null;
  const name = d.ipAddress ?? d.domainName ?? scopeKey(scope);
  if (!d.type.startsWith("dnsbl.")) return { key: scopeKey(scope), info: { scope, label: name } };
  const after = d.after !== null && typeof d.after === "object" ? (d.after as { zone?: unknown; name?: unknown }) : {};
  const match = DRIFT_LIST_IN_MESSAGE.exec(d.message);
  const zone = typeof after.zone === "string" ? after.zone : match?.[2];
  if (!zone) return { key: scopeKey(scope), info: { scope, label: name } };
  const list = typeof after.name === "string" ? after.name : (match?.[1] ?? zone);
  return {
    key: `${scopeKey(scope)}|${zone.toLowerCase()}`,
    info: { scope, label: `${name} on ${list === zone ? zone : `${list} (${zone})`}` },
  };
}
