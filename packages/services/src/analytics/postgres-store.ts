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

import { type AnalyticsDimension, type AnalyticsFilters, isFiltered, type Period } from "./query.ts";
import { type AnalyticsStore, type Annotation, type SegmentCounts, type SeriesBucket } from "./store.ts";

const DAY_MS = 86_400_000;
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

const HOURLY = { codeTable: Prisma.raw(`"DeliveryCodeRollupHour"`), bucket: Prisma.raw(`"hour"`) };
const DAILY = { codeTable: Prisma.raw(`"DeliveryCodeRollupDay"`), bucket: Prisma.raw(`"day"`) };
/** What the store reads of the hourly and daily delivery rollups, by name (the two tables' column orders differ). */
const ROLLUP_COLUMNS = Prisma.raw(
  `"senderDomain", "provider", "serverId", "campaign", "status", "category", "count", "reply4xx", "reply5xx", "uniqueCount", "trackedAccepted", "machineOnlyCount", "latency"`,
);
const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);

/**
 * The delivery rollup rows of a period of the organization, exact to the hour: the whole UTC days inside
 * it from the daily rollups, the hours before the first and after the last whole day from the hourly ones
 * (an hour counts when it starts inside the period, as a day does). A 30-day view reads 30 daily and at
 * most 48 hourly groups per segment instead of 720 hourly ones; a year, 365 daily ones.
 */
function rollupRows(orgId: string, p: Period, f: Prisma.Sql): Prisma.Sql {
  const hours = (from: Date, to: Date) =>
    Prisma.sql`select ${ROLLUP_COLUMNS} from "DeliveryRollup" where "orgId" = ${orgId} and "hour" >= ${from} and "hour" < ${to} ${f}`;
  const firstDay = ceilDay(p.from);
  const lastDay = floorDay(p.to);
  if (firstDay >= lastDay) return Prisma.sql`(${hours(p.from, p.to)}) r`;
  const parts = [
    Prisma.sql`select ${ROLLUP_COLUMNS} from "DeliveryRollupDay" where "orgId" = ${orgId} and "day" >= ${firstDay} and "day" < ${lastDay} ${f}`,
  ];
  if (p.from < firstDay) parts.push(hours(p.from, firstDay));
  if (lastDay < p.to) parts.push(hours(lastDay, p.to));
  return Prisma.sql`(${Prisma.join(parts, " union all ")}) r`;
}

/** The delivery and reply-code rollups share these column names, so one filter serves both. */
export function filterSql(f: AnalyticsFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.provider) parts.push(Prisma.sql`and "provider" = ${f.provider}`);
  if (f.senderDomain) parts.push(Prisma.sql`and "senderDomain" = ${f.senderDomain}`);
  if (f.serverId) parts.push(Prisma.sql`and "serverId" = ${f.serverId}`);
  if (f.campaign) parts.push(Prisma.sql`and "campaign" = ${f.campaign}`);
  // A report's scope lists (issue 14); an empty list filters nothing.
  if (f.senderDomains?.length) parts.push(Prisma.sql`and "senderDomain" = any(${[...f.senderDomains]}::text[])`);
  if (f.serverIds?.length) parts.push(Prisma.sql`and "serverId" = any(${[...f.serverIds]}::text[])`);
  if (f.campaigns?.length) parts.push(Prisma.sql`and "campaign" = any(${[...f.campaigns]}::text[])`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

interface StatusRow {
  status: string;
  category: string;
  count: bigint;
}

export interface KpiRow extends StatusRow {
  r4: bigint;
  r5: bigint;
  uniq: bigint;
  tracked: bigint;
  /** Open rows: of uniq, the messages whose only opens were machine opens. Absent (a query that does not sum it): 0. */
  machine?: bigint;
}

const isEngagement = (category: string) => (ENGAGEMENT_CATEGORIES as readonly string[]).includes(category);

/**
 * Adds rollup rows (status × category) into the delivery, complaint and engagement counts of `inputs`:
 * delivery rows count their reply classes, engagement rows their first markers (unique per message and
 * recipient). Engagement rates are over the accepted messages of sources that report engagement (ESP
 * webhooks, `trackedAccepted`): MTA logs never report an open, so their mail in the denominator would
 * drag every rate down; with no such source the rates are "no data", not 0 %.
 */
export function addRollupRows(inputs: KpiInputs, rows: readonly KpiRow[]): void {
  const d = inputs.delivery;
  const e = inputs.engagement;
  for (const r of rows) {
    const count = n(r.count);
    if (r.category === "complaint") inputs.complaints.complaints += count;
    if (isEngagement(r.category)) {
      if (r.category === "open") {
        e.opened += n(r.uniq);
        e.machineOnlyOpened += n(r.machine);
      } else if (r.category === "click") e.clicked += n(r.uniq);
      else if (r.category === "unsubscribe") e.unsubscribed += n(r.uniq);
      continue;
    }
    d.attempted += count;
    d.reply4xx += n(r.r4);
    d.reply5xx += n(r.r5);
    e.delivered += n(r.tracked);
    if (r.status === "sent") d.accepted += count;
    else if (r.status === "deferred") d.deferred += count;
    else if (r.status === "bounced" && HARD.has(r.category)) d.hardBounced += count;
    else if (r.status === "bounced" || r.status === "expired") d.softBounced += count;
  }
}

/**
 * The latency histogram summed element by element (b0 … b16): one aggregate per bucket over the rows,
 * several times cheaper than unnesting every row's array and grouping the elements. A missing element
 * (a shorter array) is null, which sum() skips.
 */
export const LATENCY_SUMS = Prisma.raw(LATENCY_BUCKETS_SECONDS.map((_, i) => `sum(r."latency"[${i + 1}]) as "b${i}"`).join(", "));

/** The per-group sums addRollupRows reads. */
export const ROLLUP_SUMS = Prisma.sql`"status", "category", sum("count") as "count", sum("reply4xx") as "r4", sum("reply5xx") as "r5",
  sum("uniqueCount") as "uniq", sum("trackedAccepted") as "tracked", sum("machineOnlyCount") as "machine"`;

export const postgresAnalyticsStore: AnalyticsStore = {
  async kpiInputs(ctx, period, filters) {
    const inputs = emptyKpiInputs();
    const rows = rollupRows(ctx.orgId, period, filterSql(filters));
    const { from, to } = period;
    const [delivery, latency, arf, dmarc, ports, queue] = await Promise.all([
      // Delivery rows count their reply classes; engagement rows their first markers (unique per message and recipient).
      ctx.db.$queryRaw<KpiRow[]>`select ${ROLLUP_SUMS} from ${rows} group by 1, 2`,
      ctx.db.$queryRaw<Record<string, bigint | null>[]>`
        select ${LATENCY_SUMS} from ${rows}
        where r."status" = 'sent' and r."category" not in (${ENGAGEMENT}) and cardinality(r."latency") > 0`,
      // Feedback-loop reports carry no mailbox provider, server or sending domain: they count only in unfiltered views.
      isFiltered(filters)
        ? Promise.resolve(0)
        : ctx.db.complaint.count({ where: { orgId: ctx.orgId, kind: "ARF", arrivalAt: { gte: from, lt: to } } }),
      ctx.db.$queryRaw<{ messages: bigint; spf: bigint; dkim: bigint; pass: bigint }[]>`
        select coalesce(sum("count"), 0) as "messages",
          coalesce(sum("count") filter (where "spfAligned" = 'pass'), 0) as "spf",
          coalesce(sum("count") filter (where "dkimAligned" = 'pass'), 0) as "dkim",
          coalesce(sum("count") filter (where "spfAligned" = 'pass' or "dkimAligned" = 'pass'), 0) as "pass"
        from "DmarcRecord" where "orgId" = ${ctx.orgId} and "beginAt" >= ${from} and "beginAt" < ${to}
          ${filters.senderDomain ? Prisma.sql`and "domain" = ${filters.senderDomain}` : Prisma.empty}
          ${filters.senderDomains?.length ? Prisma.sql`and "domain" = any(${[...filters.senderDomains]}::text[])` : Prisma.empty}`,
      ctx.db.$queryRaw<{ port: number; probes: bigint; ok: bigint }[]>`
        select m."port", sum(r."probes") as "probes", sum(r."ok") as "ok" from "MonitorRollup" r
        join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
        where r."orgId" = ${ctx.orgId} and r."hour" >= ${from} and r."hour" < ${to} and m."port" in (25, 587, 465)
          ${filters.serverId ? Prisma.sql`and m."serverId" = ${filters.serverId}` : Prisma.empty}
          ${filters.serverIds?.length ? Prisma.sql`and m."serverId" = any(${[...filters.serverIds]}::text[])` : Prisma.empty}
        group by 1`,
      ctx.db.$queryRaw<{ samples: bigint; sum: number | null; max: number | null }[]>`
        select count(*) as "samples", sum("active" + "deferred" + "hold" + "incoming")::float8 as "sum",
          max("active" + "deferred" + "hold" + "incoming") as "max"
        from "QueueSnapshot" where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to}`,
    ]);
    addRollupRows(inputs, delivery);
    inputs.complaints.complaints += arf;
    const counts = LATENCY_BUCKETS_SECONDS.map(() => 0);
    for (let i = 0; i < counts.length; i++) counts[i] = n(latency[0]?.[`b${i}`]);
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
    const column = DIMENSION_COLUMN[dimension];
    const rows = await ctx.db.$queryRaw<(KpiRow & { key: string })[]>`
      select ${column} as "key", ${ROLLUP_SUMS} from ${rollupRows(ctx.orgId, period, filterSql(filters))}
      group by 1, 2, 3`;
    const byKey = new Map<string, KpiRow[]>();
    for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    return [...byKey].map(([key, segmentRows]): SegmentCounts => {
      const inputs = emptyKpiInputs();
      addRollupRows(inputs, segmentRows);
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
        // "Could not check" (checks.unknown / checks.known) says nothing changed in DNS: not a trend annotation.
        where: {
          orgId: ctx.orgId,
          at: { gte: from, lt: to },
          severity: { not: "info" },
          type: { notIn: ["checks.unknown", "checks.known"] },
        },
        select: { message: true, at: true, domainId: true, ipId: true, type: true },
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
        // A blocklisting (or its end) is the change marketing asks about first: its own mark on the trend.
        kind: d.type.startsWith("dnsbl.") ? ("blocklisting" as const) : ("dns-change" as const),
        title: d.message,
        href: d.domainId ? `domains/${d.domainId}` : d.ipId ? `ips/${d.ipId}` : null,
      })),
    ];
    return out.sort((a, b) => a.at.getTime() - b.at.getTime());
  },
};
