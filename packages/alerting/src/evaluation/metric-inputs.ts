/**
 * Threshold metrics read straight from the tables that hold them (the hourly DeliveryRollup has no reply
 * code or delay, so these are not in inputs.ts's rollup pass):
 * - DeliveryEvent → rate_4xx, rate_5xx (share of attempts answered 4xx / 5xx), latency_p95 (seconds from
 *   queue entry to acceptance, in ms, for accepted messages) per hour, for the organization, each sending
 *   domain and each provider (one query with GROUPING SETS);
 * - Complaint + accepted deliveries → complaint_rate (% of the hour's accepted messages), organization;
 * - QueueSnapshot → queue_depth (active + deferred + hold + incoming), organization;
 * - MonitorRollup → uptime (% of probes that succeeded per hour), organization, server and port.
 * Each query runs only when a rule needs its metric, over the rules' horizon, grouped in PostgreSQL, for
 * every organization of the evaluation batch at once (`orgId = ANY(…)`).
 */
import { type Db } from "@inboxwatch/db";
import { type SystemContext } from "@inboxwatch/services";

import { type TAlertMetric } from "../engine/index.ts";
import { portScopeId } from "./probe-inputs.ts";
import { type AddOrgPoint, type BatchWindow, type DomainIds, type SeriesLoad } from "./rollup-inputs.ts";

const EVENT_METRICS = new Set<TAlertMetric>(["rate_4xx", "rate_5xx", "latency_p95", "complaint_rate"]);

interface EventHour {
  orgId: string;
  hour: Date;
  senderDomain: string | null;
  provider: string | null;
  total: number;
  c4: number;
  c5: number;
  sent: number;
  p95: number | null;
}

/** Which organizations need a metric, from what each one's rules ask for. */
function orgsNeeding(
  w: BatchWindow,
  metrics: ReadonlyMap<string, ReadonlySet<TAlertMetric>>,
  wanted: (m: ReadonlySet<TAlertMetric>) => boolean,
): string[] {
  return w.orgIds.filter((o) => {
    const m = metrics.get(o);
    return m !== undefined && wanted(m);
  });
}

/** The table metrics of every organization of the batch: one query per source for all of them. */
export async function loadTableMetrics(
  ctx: SystemContext,
  input: SeriesLoad & { metrics: ReadonlyMap<string, ReadonlySet<TAlertMetric>> },
): Promise<void> {
  const { db } = ctx;
  const { window: w, metrics, domainIds, add } = input;
  const eventOrgs = orgsNeeding(w, metrics, (m) => [...m].some((x) => EVENT_METRICS.has(x)));
  const complaintOrgs = orgsNeeding(w, metrics, (m) => m.has("complaint_rate"));
  const queueOrgs = orgsNeeding(w, metrics, (m) => m.has("queue_depth"));
  const uptimeOrgs = orgsNeeding(w, metrics, (m) => m.has("uptime"));
  await Promise.all([
    eventOrgs.length > 0 ? loadEventMetrics(db, { ...w, orgIds: eventOrgs }, new Set(complaintOrgs), domainIds, add) : null,
    queueOrgs.length > 0 ? loadQueueDepth(db, { ...w, orgIds: queueOrgs }, add) : null,
    uptimeOrgs.length > 0 ? loadUptime(db, { ...w, orgIds: uptimeOrgs }, add) : null,
  ]);
}

async function loadQueueDepth(db: Db, w: BatchWindow, add: AddOrgPoint) {
  const rows = await db.queueSnapshot.findMany({
    where: { orgId: { in: [...w.orgIds] }, time: { gte: w.since, lte: w.until } },
    select: { orgId: true, time: true, active: true, deferred: true, hold: true, incoming: true },
  });
  for (const r of rows) {
    const depth = r.active + r.deferred + r.hold + r.incoming;
    add(r.orgId, "organization", "queue_depth", { at: r.time.getTime(), value: depth, volume: depth });
  }
}

async function loadEventMetrics(db: Db, w: BatchWindow, complaintOrgs: ReadonlySet<string>, domainIds: DomainIds, add: AddOrgPoint) {
  const orgIds = [...w.orgIds];
  // grouping sets: (org, hour) = the organization, (org, hour, domain), (org, hour, provider); NULL marks the rolled-up column.
  const rows = await db.$queryRaw<EventHour[]>`
    select "orgId" as "orgId", date_trunc('hour', "time") as hour,
           case when grouping("senderDomain") = 0 then "senderDomain" end as "senderDomain",
           case when grouping(provider) = 0 then provider end as provider,
           count(*)::int as total,
           (count(*) filter (where "replyCode" like '4%'))::int as c4,
           (count(*) filter (where "replyCode" like '5%'))::int as c5,
           (count(*) filter (where status = 'sent'))::int as sent,
           percentile_cont(0.95) within group (order by "delaySeconds") filter (where status = 'sent' and "delaySeconds" is not null) as p95
    from "DeliveryEvent"
    where "orgId" = any(${orgIds}::text[]) and "time" >= ${w.since} and "time" <= ${w.until}
    group by grouping sets (("orgId", date_trunc('hour', "time")), ("orgId", date_trunc('hour', "time"), "senderDomain"), ("orgId", date_trunc('hour', "time"), provider))`;
  const sentByHour = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const at = r.hour.getTime();
    let scope = "organization";
    if (r.senderDomain !== null) {
      const id = domainIds.get(r.orgId)?.get(r.senderDomain.toLowerCase());
      if (!id) continue;
      scope = `domain:${id}`;
    } else if (r.provider !== null) scope = `provider:${r.provider}`;
    else {
      let m = sentByHour.get(r.orgId);
      if (!m) sentByHour.set(r.orgId, (m = new Map<number, number>()));
      m.set(at, r.sent);
    }
    if (r.total > 0) {
      add(r.orgId, scope, "rate_4xx", { at, value: (100 * r.c4) / r.total, volume: r.total });
      add(r.orgId, scope, "rate_5xx", { at, value: (100 * r.c5) / r.total, volume: r.total });
    }
    if (r.p95 !== null && r.sent > 0) add(r.orgId, scope, "latency_p95", { at, value: r.p95 * 1000, volume: r.sent });
  }
  const withComplaints = orgIds.filter((o) => complaintOrgs.has(o));
  if (withComplaints.length === 0) return;
  const complaints = await db.$queryRaw<{ orgId: string; hour: Date; n: number }[]>`
    select "orgId" as "orgId", date_trunc('hour', "arrivalAt") as hour, count(*)::int as n from "Complaint"
    where "orgId" = any(${withComplaints}::text[]) and "arrivalAt" >= ${w.since} and "arrivalAt" <= ${w.until} group by 1, 2`;
  const byHour = new Map(complaints.map((c) => [`${c.orgId}|${c.hour.getTime()}`, c.n]));
  // Every hour with deliveries is a point (0 complaints is a 0% point, not a gap); complaints in an hour
  // without known deliveries have no rate.
  for (const orgId of withComplaints) {
    for (const [at, sent] of sentByHour.get(orgId) ?? []) {
      if (sent > 0)
        add(orgId, "organization", "complaint_rate", { at, value: (100 * (byHour.get(`${orgId}|${at}`) ?? 0)) / sent, volume: sent });
    }
  }
}

async function loadUptime(db: Db, w: BatchWindow, add: AddOrgPoint) {
  const rows = await db.monitorRollup.findMany({
    where: { orgId: { in: [...w.orgIds] }, hour: { gte: w.since, lte: w.until } },
    select: { orgId: true, hour: true, probes: true, ok: true, monitor: { select: { serverId: true, port: true } } },
  });
  const org = new Map<string, { orgId: string; at: number; probes: number; ok: number }>();
  for (const r of rows) {
    if (r.probes === 0) continue;
    const at = r.hour.getTime();
    const point = { at, value: (100 * r.ok) / r.probes, volume: r.probes };
    if (r.monitor.serverId) {
      add(r.orgId, `server:${r.monitor.serverId}`, "uptime", point);
      add(r.orgId, `port:${portScopeId(r.monitor.serverId, r.monitor.port)}`, "uptime", point);
    }
    const key = `${r.orgId}|${at}`;
    const o = org.get(key) ?? { orgId: r.orgId, at, probes: 0, ok: 0 };
    org.set(key, { ...o, probes: o.probes + r.probes, ok: o.ok + r.ok });
  }
  for (const o of org.values()) add(o.orgId, "organization", "uptime", { at: o.at, value: (100 * o.ok) / o.probes, volume: o.probes });
}
