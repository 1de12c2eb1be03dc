/**
 * The overview's panels behind one interface, beside AnalyticsStore (store.ts): port tiles from the
 * monitors, their hourly rollups and probe results; queue depth from the snapshots against the mean send
 * latency of the delivery rollups. A column store serving the largest organizations implements both
 * interfaces. Every query filters by orgId and the period; table and column names are constants.
 */
import { SMTP_PORTS, type SmtpPort } from "@inboxwatch/analytics/kpi";
import { Prisma } from "@inboxwatch/db";
import { ENGAGEMENT_CATEGORIES } from "@inboxwatch/deliverability/logs";

import { type OrgContext } from "../context.ts";
import { type AnalyticsFilters, type Period } from "./query.ts";

export type PanelBucket = "hour" | "day";

/** One SMTP port of the organization's servers (and watched MX hosts on port 25), over a period and now. */
export interface PortCounts {
  port: SmtpPort;
  /** Enabled monitors of the port, by their state now; `unprobed` never ran a probe (shown as unknown). */
  monitors: { total: number; up: number; degraded: number; down: number; unprobed: number };
  lastProbeAt: Date | null;
  /** From the hourly monitor rollups of the period. */
  probes: number;
  ok: number;
  /** Summed time of the successful probes (ms): over `ok`, their mean. */
  latencySumMs: number;
  /** 95th percentile of the successful probes' TCP connect and banner times (ms), null without a sample. */
  connectP95Ms: number | null;
  connectSamples: number;
  bannerP95Ms: number | null;
  bannerSamples: number;
}

/** One bucket of the queue against latency: mean queue depth (all sources added) and mean send latency of accepted mail. */
export interface QueueLatencyBucket {
  at: Date;
  queueDepth: number | null;
  queueSamples: number;
  sendLatencySeconds: number | null;
  latencySamples: number;
}

export interface AnalyticsPanelStore {
  portCounts(ctx: OrgContext, period: Period, filters: AnalyticsFilters): Promise<PortCounts[]>;
  /** Buckets with data only, oldest first; the caller fills the gaps. */
  queueLatency(ctx: OrgContext, period: Period, filters: AnalyticsFilters, bucket: PanelBucket): Promise<QueueLatencyBucket[]>;
}

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);
const ENGAGEMENT = Prisma.join(ENGAGEMENT_CATEGORIES.map((c) => Prisma.sql`${c}`));
const PORTS = Prisma.join(SMTP_PORTS.map((p) => Prisma.sql`${p}`));
const DAY_MS = 86_400_000;

/** Delivery filters on the rollup columns (the same names as in postgres-store.ts). */
function rollupFilterSql(f: AnalyticsFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.provider) parts.push(Prisma.sql`and "provider" = ${f.provider}`);
  if (f.senderDomain) parts.push(Prisma.sql`and "senderDomain" = ${f.senderDomain}`);
  if (f.serverId) parts.push(Prisma.sql`and "serverId" = ${f.serverId}`);
  if (f.campaign) parts.push(Prisma.sql`and "campaign" = ${f.campaign}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/** Monitors belong to servers: of the view's filters only the server applies to them. */
const monitorFilterSql = (f: AnalyticsFilters, alias: string) =>
  f.serverId ? Prisma.sql`and ${Prisma.raw(`${alias}."serverId"`)} = ${f.serverId}` : Prisma.empty;

export const postgresPanelStore: AnalyticsPanelStore = {
  async portCounts(ctx, period, filters) {
    const { from, to } = period;
    const [monitors, rollups, latency] = await Promise.all([
      ctx.db.$queryRaw<{ port: number; total: bigint; up: bigint; degraded: bigint; down: bigint; unprobed: bigint; last: Date | null }[]>`
        select m."port", count(*) as "total",
          count(*) filter (where m."lastProbeAt" is not null and m."state" = 'UP') as "up",
          count(*) filter (where m."lastProbeAt" is not null and m."state" = 'DEGRADED') as "degraded",
          count(*) filter (where m."lastProbeAt" is not null and m."state" = 'DOWN') as "down",
          count(*) filter (where m."lastProbeAt" is null or m."state" = 'UNKNOWN') as "unprobed",
          max(m."lastProbeAt") as "last"
        from "Monitor" m
        where m."orgId" = ${ctx.orgId} and m."enabled" and m."port" in (${PORTS}) ${monitorFilterSql(filters, "m")}
        group by 1`,
      ctx.db.$queryRaw<{ port: number; probes: bigint; ok: bigint; latency: number | null }[]>`
        select m."port", sum(r."probes") as "probes", sum(r."ok") as "ok", sum(r."latencySumMs")::float8 as "latency" from "MonitorRollup" r
        join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
        where r."orgId" = ${ctx.orgId} and r."hour" >= ${from} and r."hour" < ${to} and m."port" in (${PORTS}) ${monitorFilterSql(filters, "m")}
        group by 1`,
      // Successful probes only: a timed-out connect measures the timeout, not the server.
      ctx.db.$queryRaw<{ port: number; connect: number | null; connectN: bigint; banner: number | null; bannerN: bigint }[]>`
        select m."port",
          percentile_cont(0.95) within group (order by p."connectMs") as "connect", count(p."connectMs") as "connectN",
          percentile_cont(0.95) within group (order by p."bannerMs") as "banner", count(p."bannerMs") as "bannerN"
        from "ProbeResult" p
        join "Monitor" m on m."id" = p."monitorId" and m."orgId" = p."orgId"
        where p."orgId" = ${ctx.orgId} and p."time" >= ${from} and p."time" < ${to} and p."outcome" = 'ok'
          and m."port" in (${PORTS}) ${monitorFilterSql(filters, "m")}
        group by 1`,
    ]);
    return SMTP_PORTS.map((port): PortCounts => {
      const m = monitors.find((r) => r.port === port);
      const r = rollups.find((x) => x.port === port);
      const l = latency.find((x) => x.port === port);
      return {
        port,
        monitors: { total: n(m?.total), up: n(m?.up), degraded: n(m?.degraded), down: n(m?.down), unprobed: n(m?.unprobed) },
        lastProbeAt: m?.last ?? null,
        probes: n(r?.probes),
        ok: n(r?.ok),
        latencySumMs: r?.latency ?? 0,
        connectP95Ms: l?.connect ?? null,
        connectSamples: n(l?.connectN),
        bannerP95Ms: l?.banner ?? null,
        bannerSamples: n(l?.bannerN),
      };
    });
  },

  async queueLatency(ctx, period, filters, bucket) {
    const unit = Prisma.raw(`'${bucket}'`);
    // Daily rollups hold whole UTC days: the first day of a range that starts mid-day is read whole.
    const latencyFrom = bucket === "day" ? new Date(Math.floor(period.from.getTime() / DAY_MS) * DAY_MS) : period.from;
    const table = bucket === "hour" ? Prisma.raw(`"DeliveryRollup"`) : Prisma.raw(`"DeliveryRollupDay"`);
    const column = bucket === "hour" ? Prisma.raw(`"hour"`) : Prisma.raw(`"day"`);
    const [queue, latency] = await Promise.all([
      // Several queue sources (one per MTA) add up: per bucket, each source's mean depth, summed.
      ctx.db.$queryRaw<{ at: Date; depth: number; samples: bigint }[]>`
        select "at", sum("depth")::float8 as "depth", sum("samples") as "samples" from (
          select date_trunc(${unit}, "time") as "at", "source",
            avg("active" + "deferred" + "hold" + "incoming") as "depth", count(*) as "samples"
          from "QueueSnapshot" where "orgId" = ${ctx.orgId} and "time" >= ${period.from} and "time" < ${period.to}
          group by 1, 2
        ) s group by 1 order by 1`,
      ctx.db.$queryRaw<{ at: Date; delaySum: number; delayCount: bigint }[]>`
        select ${column} as "at", sum("delaySum")::float8 as "delaySum", sum("delayCount") as "delayCount" from ${table}
        where "orgId" = ${ctx.orgId} and ${column} >= ${latencyFrom} and ${column} < ${period.to} and "status" = 'sent'
          and "category" not in (${ENGAGEMENT}) ${rollupFilterSql(filters)}
        group by 1 order by 1`,
    ]);
    const buckets = new Map<number, QueueLatencyBucket>();
    const get = (at: Date) => {
      const key = at.getTime();
      const b = buckets.get(key) ?? { at, queueDepth: null, queueSamples: 0, sendLatencySeconds: null, latencySamples: 0 };
      buckets.set(key, b);
      return b;
    };
    for (const q of queue) Object.assign(get(q.at), { queueDepth: q.depth, queueSamples: n(q.samples) });
    for (const l of latency) {
      const count = n(l.delayCount);
      if (count > 0) Object.assign(get(l.at), { sendLatencySeconds: l.delaySum / count, latencySamples: count });
    }
    return [...buckets.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  },
};
