/**
 * The PostgreSQL analytics store: delivery counts from the rollups (hourly up to a month, daily beyond),
 * engagement, reply classes and send latency from the events of the range, authentication from DMARC
 * records, uptime from the probe rollups, queue depth from the snapshots. Every query filters by orgId
 * and the period; table and column names are constants, never input.
 */
import { emptyKpiInputs, type KpiInputs, LATENCY_BUCKETS_SECONDS, SMTP_PORTS, type SmtpPort } from "@inboxwatch/analytics/kpi";
import { Prisma } from "@inboxwatch/db";
import { HARD_CATEGORIES } from "@inboxwatch/deliverability/classify";
import { ENGAGEMENT_CATEGORIES } from "@inboxwatch/deliverability/logs";

import { type AnalyticsDimension, type AnalyticsFilters, type Period } from "./query.ts";
import { type AnalyticsStore, type Annotation, type SegmentCounts, type SeriesBucket } from "./store.ts";

const DAY_MS = 86_400_000;
/** Ranges up to a month read the hourly rollups (exact to the hour); longer ones the daily rollups, in whole UTC days. */
const HOURLY_MAX_RANGE_DAYS = 31;
const HARD = new Set<string>(HARD_CATEGORIES);
const ENGAGEMENT = Prisma.join(ENGAGEMENT_CATEGORIES.map((c) => Prisma.sql`${c}`));
const DIMENSION_COLUMN: Record<AnalyticsDimension, Prisma.Sql> = {
  provider: Prisma.raw(`"provider"`),
  senderDomain: Prisma.raw(`"senderDomain"`),
  serverId: Prisma.raw(`"serverId"`),
};

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

interface RollupSource {
  table: Prisma.Sql;
  bucket: Prisma.Sql;
  from: Date;
  to: Date;
}

function rollupSource(p: Period): RollupSource {
  if (p.to.getTime() - p.from.getTime() <= HOURLY_MAX_RANGE_DAYS * DAY_MS) {
    return { table: Prisma.raw(`"DeliveryRollup"`), bucket: Prisma.raw(`"hour"`), from: p.from, to: p.to };
  }
  const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
  return { table: Prisma.raw(`"DeliveryRollupDay"`), bucket: Prisma.raw(`"day"`), from: floorDay(p.from), to: floorDay(p.to) };
}

/** The rollup and event tables share these column names, so one filter serves both. */
function filterSql(f: AnalyticsFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.provider) parts.push(Prisma.sql`and "provider" = ${f.provider}`);
  if (f.senderDomain) parts.push(Prisma.sql`and "senderDomain" = ${f.senderDomain}`);
  if (f.serverId) parts.push(Prisma.sql`and "serverId" = ${f.serverId}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

interface StatusRow {
  status: string;
  category: string;
  count: bigint;
}

/** Adds rollup rows (status × category) into the delivery and complaint counts of `inputs`. */
function addDeliveryRows(inputs: KpiInputs, rows: readonly StatusRow[]): void {
  const d = inputs.delivery;
  for (const r of rows) {
    const count = n(r.count);
    if (r.category === "complaint") inputs.complaints.complaints += count;
    if ((ENGAGEMENT_CATEGORIES as readonly string[]).includes(r.category)) continue;
    d.attempted += count;
    if (r.status === "sent") d.accepted += count;
    else if (r.status === "deferred") d.deferred += count;
    else if (r.status === "bounced" && HARD.has(r.category)) d.hardBounced += count;
    else if (r.status === "bounced" || r.status === "expired") d.softBounced += count;
  }
  inputs.engagement.delivered = d.accepted;
}

/** The bucket of a latency in seconds, as a SQL CASE over the catalogue's constant bounds. */
const LATENCY_BUCKET_SQL = Prisma.raw(
  `case ${LATENCY_BUCKETS_SECONDS.slice(0, -1)
    .map((upper, i) => `when "delaySeconds" <= ${upper} then ${i}`)
    .join(" ")} else ${LATENCY_BUCKETS_SECONDS.length - 1} end`,
);

export const postgresAnalyticsStore: AnalyticsStore = {
  async kpiInputs(ctx, period, filters) {
    const inputs = emptyKpiInputs();
    const src = rollupSource(period);
    const f = filterSql(filters);
    const { from, to } = period;
    const [delivery, events, latency, arf, dmarc, ports, queue] = await Promise.all([
      ctx.db.$queryRaw<StatusRow[]>`
        select "status", "category", sum("count") as "count" from ${src.table}
        where "orgId" = ${ctx.orgId} and ${src.bucket} >= ${src.from} and ${src.bucket} < ${src.to} ${f}
        group by 1, 2`,
      // Unique messages opened / clicked (an ESP reports every open), and the remote reply classes.
      ctx.db.$queryRaw<{ r4: bigint; r5: bigint; opened: bigint; clicked: bigint; unsubscribed: bigint }[]>`
        select count(*) filter (where left("replyCode", 1) = '4' and "category" not in (${ENGAGEMENT})) as "r4",
          count(*) filter (where left("replyCode", 1) = '5' and "category" not in (${ENGAGEMENT})) as "r5",
          count(distinct ("queueId", "recipientHash")) filter (where "category" = 'open') as "opened",
          count(distinct ("queueId", "recipientHash")) filter (where "category" = 'click') as "clicked",
          count(*) filter (where "category" = 'unsubscribe') as "unsubscribed"
        from "DeliveryEvent" where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to} ${f}`,
      ctx.db.$queryRaw<{ bucket: number; count: bigint }[]>`
        select ${LATENCY_BUCKET_SQL} as "bucket", count(*) as "count" from "DeliveryEvent"
        where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to} and "status" = 'sent'
          and "delaySeconds" is not null and "category" not in (${ENGAGEMENT}) ${f}
        group by 1`,
      // Feedback-loop reports carry no mailbox provider, server or sending domain: they count only in unfiltered views.
      filters.provider || filters.serverId || filters.senderDomain
        ? Promise.resolve(0)
        : ctx.db.complaint.count({ where: { orgId: ctx.orgId, kind: "ARF", arrivalAt: { gte: from, lt: to } } }),
      ctx.db.$queryRaw<{ messages: bigint; spf: bigint; dkim: bigint; pass: bigint }[]>`
        select coalesce(sum("count"), 0) as "messages",
          coalesce(sum("count") filter (where "spfAligned" = 'pass'), 0) as "spf",
          coalesce(sum("count") filter (where "dkimAligned" = 'pass'), 0) as "dkim",
          coalesce(sum("count") filter (where "spfAligned" = 'pass' or "dkimAligned" = 'pass'), 0) as "pass"
        from "DmarcRecord" where "orgId" = ${ctx.orgId} and "beginAt" >= ${from} and "beginAt" < ${to}
          ${filters.senderDomain ? Prisma.sql`and "domain" = ${filters.senderDomain}` : Prisma.empty}`,
      ctx.db.$queryRaw<{ port: number; probes: bigint; ok: bigint }[]>`
        select m."port", sum(r."probes") as "probes", sum(r."ok") as "ok" from "MonitorRollup" r
        join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
        where r."orgId" = ${ctx.orgId} and r."hour" >= ${from} and r."hour" < ${to} and m."port" in (25, 587, 465)
          ${filters.serverId ? Prisma.sql`and m."serverId" = ${filters.serverId}` : Prisma.empty}
        group by 1`,
      ctx.db.$queryRaw<{ samples: bigint; sum: number | null; max: number | null }[]>`
        select count(*) as "samples", sum("active" + "deferred" + "hold" + "incoming")::float8 as "sum",
          max("active" + "deferred" + "hold" + "incoming") as "max"
        from "QueueSnapshot" where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to}`,
    ]);
    addDeliveryRows(inputs, delivery);
    inputs.complaints.complaints += arf;
    const e = events[0];
    inputs.delivery.reply4xx = n(e?.r4);
    inputs.delivery.reply5xx = n(e?.r5);
    inputs.engagement.opened = n(e?.opened);
    inputs.engagement.clicked = n(e?.clicked);
    inputs.engagement.unsubscribed = n(e?.unsubscribed);
    // Without a single engagement event no source reports engagement (MTA logs never do): the rates
    // are "no data", not 0 % opened over every accepted message.
    if (inputs.engagement.opened + inputs.engagement.clicked + inputs.engagement.unsubscribed === 0) inputs.engagement.delivered = 0;
    const counts = LATENCY_BUCKETS_SECONDS.map(() => 0);
    for (const r of latency) counts[n(r.bucket)] = n(r.count);
    inputs.latency = { counts };
    const a = dmarc[0];
    inputs.auth = { messages: n(a?.messages), spfAligned: n(a?.spf), dkimAligned: n(a?.dkim), dmarcPass: n(a?.pass) };
    for (const r of ports) {
      if ((SMTP_PORTS as readonly number[]).includes(r.port)) inputs.ports[r.port as SmtpPort] = { probes: n(r.probes), up: n(r.ok) };
    }
    const q = queue[0];
    inputs.queue = { samples: n(q?.samples), sumDepth: q?.sum ?? 0, maxDepth: q?.max ?? 0 };
    return inputs;
  },

  async series(ctx, period, filters, bucket) {
    const table = bucket === "hour" ? Prisma.raw(`"DeliveryRollup"`) : Prisma.raw(`"DeliveryRollupDay"`);
    const column = bucket === "hour" ? Prisma.raw(`"hour"`) : Prisma.raw(`"day"`);
    const from = bucket === "hour" ? period.from : new Date(Math.floor(period.from.getTime() / DAY_MS) * DAY_MS);
    const rows = await ctx.db.$queryRaw<{ at: Date; status: string; count: bigint }[]>`
      select ${column} as "at", "status", sum("count") as "count" from ${table}
      where "orgId" = ${ctx.orgId} and ${column} >= ${from} and ${column} < ${period.to} and "category" not in (${ENGAGEMENT}) ${filterSql(filters)}
      group by 1, 2 order by 1`;
    const buckets = new Map<number, SeriesBucket>();
    for (const r of rows) {
      const key = r.at.getTime();
      const b = buckets.get(key) ?? { at: r.at, attempted: 0, accepted: 0, deferred: 0, bounced: 0 };
      const count = n(r.count);
      b.attempted += count;
      if (r.status === "sent") b.accepted += count;
      else if (r.status === "deferred") b.deferred += count;
      else b.bounced += count;
      buckets.set(key, b);
    }
    return [...buckets.values()];
  },

  async breakdown(ctx, period, filters, dimension) {
    const src = rollupSource(period);
    const column = DIMENSION_COLUMN[dimension];
    const rows = await ctx.db.$queryRaw<(StatusRow & { key: string })[]>`
      select ${column} as "key", "status", "category", sum("count") as "count" from ${src.table}
      where "orgId" = ${ctx.orgId} and ${src.bucket} >= ${src.from} and ${src.bucket} < ${src.to} ${filterSql(filters)}
      group by 1, 2, 3`;
    const byKey = new Map<string, StatusRow[]>();
    for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    return [...byKey].map(([key, segmentRows]): SegmentCounts => {
      const inputs = emptyKpiInputs();
      addDeliveryRows(inputs, segmentRows);
      return { key, inputs };
    });
  },

  async annotations(ctx, period) {
    const { from, to } = period;
    const [incidents, windows, drift] = await Promise.all([
      ctx.db.incident.findMany({
        where: { orgId: ctx.orgId, openedAt: { gte: from, lt: to } },
        select: { id: true, title: true, openedAt: true },
        orderBy: { openedAt: "asc" },
        take: 50,
      }),
      ctx.db.maintenanceWindow.findMany({
        where: { orgId: ctx.orgId, startsAt: { lt: to }, endsAt: { gt: from } },
        select: { name: true, startsAt: true },
        take: 50,
      }),
      ctx.db.dnsDriftEvent.findMany({
        where: { orgId: ctx.orgId, at: { gte: from, lt: to }, severity: { not: "info" } },
        select: { message: true, at: true, domainId: true, ipId: true },
        orderBy: { at: "asc" },
        take: 50,
      }),
    ]);
    const out: Annotation[] = [
      ...incidents.map((i) => ({ at: i.openedAt, kind: "incident" as const, title: i.title, href: `alerts/${i.id}` })),
      ...windows.map((w) => ({
        at: w.startsAt,
        kind: "maintenance" as const,
        title: `Maintenance: ${w.name}`,
        href: "alerts/maintenance",
      })),
      ...drift.map((d) => ({
        at: d.at,
        kind: "dns-change" as const,
        title: d.message,
        href: d.domainId ? `domains/${d.domainId}` : d.ipId ? `ips/${d.ipId}` : null,
      })),
    ];
    return out.sort((a, b) => a.at.getTime() - b.at.getTime());
  },
};
