/**
 * The PostgreSQL analytics store: delivery counts, reply classes, unique engagement and the send-latency
 * histogram from the rollups ingestion maintains (hourly up to a month, daily beyond; no DeliveryEvent row
 * is read), reply codes from the reply-code rollups, authentication from DMARC records, uptime from the
 * probe rollups, queue depth from the snapshots. Every query filters by orgId and the period; table and
 * column names are constants, never input.
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
  campaign: Prisma.raw(`"campaign"`),
};
/** Codes a reply-code chart shows: more lines than this are unreadable, and the tail is a few replies each. */
export const REPLY_CODE_SERIES_TOP_CODES = 8;

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

interface RollupSource {
  table: Prisma.Sql;
  /** The reply-code rollup of the same granularity. */
  codeTable: Prisma.Sql;
  bucket: Prisma.Sql;
  from: Date;
  to: Date;
}

const HOURLY = { table: Prisma.raw(`"DeliveryRollup"`), codeTable: Prisma.raw(`"DeliveryCodeRollupHour"`), bucket: Prisma.raw(`"hour"`) };
const DAILY = { table: Prisma.raw(`"DeliveryRollupDay"`), codeTable: Prisma.raw(`"DeliveryCodeRollupDay"`), bucket: Prisma.raw(`"day"`) };

function rollupSource(p: Period): RollupSource {
  if (p.to.getTime() - p.from.getTime() <= HOURLY_MAX_RANGE_DAYS * DAY_MS) {
    return { ...HOURLY, from: p.from, to: p.to };
  }
  const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
  return { ...DAILY, from: floorDay(p.from), to: floorDay(p.to) };
}

/** The delivery and reply-code rollups share these column names, so one filter serves both. */
function filterSql(f: AnalyticsFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.provider) parts.push(Prisma.sql`and "provider" = ${f.provider}`);
  if (f.senderDomain) parts.push(Prisma.sql`and "senderDomain" = ${f.senderDomain}`);
  if (f.serverId) parts.push(Prisma.sql`and "serverId" = ${f.serverId}`);
  if (f.campaign) parts.push(Prisma.sql`and "campaign" = ${f.campaign}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

interface StatusRow {
  status: string;
  category: string;
  count: bigint;
}

interface KpiRow extends StatusRow {
  r4: bigint;
  r5: bigint;
  uniq: bigint;
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

export const postgresAnalyticsStore: AnalyticsStore = {
  async kpiInputs(ctx, period, filters) {
    const inputs = emptyKpiInputs();
    const src = rollupSource(period);
    const f = filterSql(filters);
    const { from, to } = period;
    const where = Prisma.sql`"orgId" = ${ctx.orgId} and ${src.bucket} >= ${src.from} and ${src.bucket} < ${src.to} ${f}`;
    const [delivery, latency, arf, dmarc, ports, queue] = await Promise.all([
      // Delivery rows count their reply classes; engagement rows their first markers (unique per message and recipient).
      ctx.db.$queryRaw<KpiRow[]>`
        select "status", "category", sum("count") as "count", sum("reply4xx") as "r4", sum("reply5xx") as "r5", sum("uniqueCount") as "uniq"
        from ${src.table} where ${where}
        group by 1, 2`,
      ctx.db.$queryRaw<{ bucket: number; count: bigint }[]>`
        select u."i"::int - 1 as "bucket", sum(u."v") as "count"
        from ${src.table}, unnest("latency") with ordinality as u("v", "i")
        where ${where} and "status" = 'sent' and "category" not in (${ENGAGEMENT})
        group by 1`,
      // Feedback-loop reports carry no mailbox provider, server or sending domain: they count only in unfiltered views.
      filters.provider || filters.serverId || filters.senderDomain || filters.campaign
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
    const unique = (category: string) => delivery.filter((r) => r.category === category).reduce((sum, r) => sum + n(r.uniq), 0);
    const deliveries = delivery.filter((r) => !(ENGAGEMENT_CATEGORIES as readonly string[]).includes(r.category));
    inputs.delivery.reply4xx = deliveries.reduce((sum, r) => sum + n(r.r4), 0);
    inputs.delivery.reply5xx = deliveries.reduce((sum, r) => sum + n(r.r5), 0);
    inputs.engagement.opened = unique("open");
    inputs.engagement.clicked = unique("click");
    inputs.engagement.unsubscribed = unique("unsubscribe");
    // Without a single engagement event no source reports engagement (MTA logs never do): the rates
    // are "no data", not 0 % opened over every accepted message.
    if (inputs.engagement.opened + inputs.engagement.clicked + inputs.engagement.unsubscribed === 0) inputs.engagement.delivered = 0;
    const counts = LATENCY_BUCKETS_SECONDS.map(() => 0);
    for (const r of latency) if (r.bucket >= 0 && r.bucket < counts.length) counts[r.bucket] = n(r.count);
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

  async replyCodeSeries(ctx, period, filters, bucket) {
    const src = bucket === "hour" ? HOURLY : DAILY;
    const from = bucket === "hour" ? period.from : new Date(Math.floor(period.from.getTime() / DAY_MS) * DAY_MS);
    const rows = await ctx.db.$queryRaw<{ at: Date; code: string; count: bigint }[]>`
      with r as (
        select ${src.bucket} as "at", "replyCode" as "code", sum("count") as "count" from ${src.codeTable}
        where "orgId" = ${ctx.orgId} and ${src.bucket} >= ${from} and ${src.bucket} < ${period.to} ${filterSql(filters)}
        group by 1, 2
      ),
      top as (select "code" from r group by 1 order by sum("count") desc, 1 limit ${REPLY_CODE_SERIES_TOP_CODES})
      select r."at", r."code", r."count" from r join top using ("code") order by 1, 2`;
    return rows.map((r) => ({ at: r.at, code: r.code, count: n(r.count) }));
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
