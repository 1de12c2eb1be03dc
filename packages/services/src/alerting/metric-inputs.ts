/**
 * Threshold metrics read straight from the tables that hold them (the hourly DeliveryRollup has no reply
 * code or delay, so these are not in inputs.ts's rollup pass):
 * - DeliveryEvent → rate_4xx, rate_5xx (share of attempts answered 4xx / 5xx), latency_p95 (seconds from
 *   queue entry to acceptance, in ms, for accepted messages) per hour, for the organization, each sending
 *   domain and each provider (one query with GROUPING SETS);
 * - Complaint + accepted deliveries → complaint_rate (% of the hour's accepted messages), organization;
 * - QueueSnapshot → queue_depth (active + deferred + hold + incoming), organization;
 * - MonitorRollup → uptime (% of probes that succeeded per hour), organization, server and port.
 * Each query runs only when a rule needs its metric, over the rules' horizon, grouped in PostgreSQL.
 */
import { type Db } from "@inboxwatch/db";

import { type MetricPoint, type TAlertMetric } from "../alerts/index.ts";
import { portScopeId } from "./probe-inputs.ts";

type AddPoint = (scope: string, metric: TAlertMetric, point: MetricPoint) => void;

const EVENT_METRICS = new Set<TAlertMetric>(["rate_4xx", "rate_5xx", "latency_p95", "complaint_rate"]);

interface EventHour {
  hour: Date;
  senderDomain: string | null;
  provider: string | null;
  total: number;
  c4: number;
  c5: number;
  sent: number;
  p95: number | null;
}

export async function loadTableMetrics(
  db: Db,
  input: { orgId: string; since: Date; until: Date; metrics: ReadonlySet<TAlertMetric>; domainIds: ReadonlyMap<string, string> },
  add: AddPoint,
): Promise<void> {
  const { orgId, since, until, metrics } = input;
  if ([...metrics].some((m) => EVENT_METRICS.has(m))) await loadEventMetrics(db, input, add);
  if (metrics.has("queue_depth")) {
    const rows = await db.queueSnapshot.findMany({ where: { orgId, time: { gte: since, lte: until } }, select: { time: true, active: true, deferred: true, hold: true, incoming: true } });
    for (const r of rows) {
      const depth = r.active + r.deferred + r.hold + r.incoming;
      add("organization", "queue_depth", { at: r.time.getTime(), value: depth, volume: depth });
    }
  }
  if (metrics.has("uptime")) await loadUptime(db, input, add);
}

async function loadEventMetrics(db: Db, input: { orgId: string; since: Date; until: Date; metrics: ReadonlySet<TAlertMetric>; domainIds: ReadonlyMap<string, string> }, add: AddPoint) {
  const { orgId, since, until, metrics } = input;
  // grouping sets: (hour) = the organization, (hour, domain), (hour, provider); NULL marks the rolled-up column.
  const rows = await db.$queryRaw<EventHour[]>`
    select date_trunc('hour', "time") as hour,
           case when grouping("senderDomain") = 0 then "senderDomain" end as "senderDomain",
           case when grouping(provider) = 0 then provider end as provider,
           count(*)::int as total,
           (count(*) filter (where "replyCode" like '4%'))::int as c4,
           (count(*) filter (where "replyCode" like '5%'))::int as c5,
           (count(*) filter (where status = 'sent'))::int as sent,
           percentile_cont(0.95) within group (order by "delaySeconds") filter (where status = 'sent' and "delaySeconds" is not null) as p95
    from "DeliveryEvent"
    where "orgId" = ${orgId} and "time" >= ${since} and "time" <= ${until}
    group by grouping sets ((date_trunc('hour', "time")), (date_trunc('hour', "time"), "senderDomain"), (date_trunc('hour', "time"), provider))`;
  const sentByHour = new Map<number, number>();
  for (const r of rows) {
    const at = r.hour.getTime();
    let scope = "organization";
    if (r.senderDomain !== null) {
      const id = input.domainIds.get(r.senderDomain);
      if (!id) continue;
      scope = `domain:${id}`;
    } else if (r.provider !== null) scope = `provider:${r.provider}`;
    else sentByHour.set(at, r.sent);
    if (r.total > 0) {
      add(scope, "rate_4xx", { at, value: (100 * r.c4) / r.total, volume: r.total });
      add(scope, "rate_5xx", { at, value: (100 * r.c5) / r.total, volume: r.total });
    }
    if (r.p95 !== null && r.sent > 0) add(scope, "latency_p95", { at, value: r.p95 * 1000, volume: r.sent });
  }
  if (!metrics.has("complaint_rate")) return;
  const complaints = await db.$queryRaw<{ hour: Date; n: number }[]>`
    select date_trunc('hour', "arrivalAt") as hour, count(*)::int as n from "Complaint"
    where "orgId" = ${orgId} and "arrivalAt" >= ${since} and "arrivalAt" <= ${until} group by 1`;
  const byHour = new Map(complaints.map((c) => [c.hour.getTime(), c.n]));
  // Every hour with deliveries is a point (0 complaints is a 0% point, not a gap); complaints in an hour
  // without known deliveries have no rate.
  for (const [at, sent] of sentByHour) if (sent > 0) add("organization", "complaint_rate", { at, value: (100 * (byHour.get(at) ?? 0)) / sent, volume: sent });
}

async function loadUptime(db: Db, input: { orgId: string; since: Date; until: Date }, add: AddPoint) {
  const rows = await db.monitorRollup.findMany({
    where: { orgId: input.orgId, hour: { gte: input.since, lte: input.until } },
    select: { hour: true, probes: true, ok: true, monitor: { select: { serverId: true, port: true } } },
  });
  const org = new Map<number, { probes: number; ok: number }>();
  for (const r of rows) {
    if (r.probes === 0) continue;
    const at = r.hour.getTime();
    const point = { at, value: (100 * r.ok) / r.probes, volume: r.probes };
    if (r.monitor.serverId) {
      add(`server:${r.monitor.serverId}`, "uptime", point);
      add(`port:${portScopeId(r.monitor.serverId, r.monitor.port)}`, "uptime", point);
    }
    const o = org.get(at) ?? { probes: 0, ok: 0 };
    org.set(at, { probes: o.probes + r.probes, ok: o.ok + r.ok });
  }
  for (const [at, o] of org) add("organization", "uptime", { at, value: (100 * o.ok) / o.probes, volume: o.probes });
}
