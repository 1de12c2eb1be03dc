/**
 * The reads of a report that the analytics store does not already make, each ONE grouped query over the
 * whole period (never a loop per day or provider): delivery rollups by local day × provider, reply-code
 * rollups, feedback-loop complaints, DMARC records, probe rollups and probe results, drift and monitor
 * events, TLS reports, incidents. Days are the caller's local midnights, passed as an array and matched
 * with width_bucket, so a day of 23 or 25 hours (a clock change) is one day. Hourly rows count in the day
 * their hour starts in (zones with half-hour offsets: up to 30 minutes shift). Every query has the org id.
 */
import { LATENCY_BUCKETS_SECONDS } from "@inboxwatch/analytics/kpi";
import { Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../../context.ts";
import { filterSql, type KpiRow, LATENCY_SUMS, ROLLUP_SUMS } from "../../analytics/postgres-store.ts";
import { type AnalyticsFilters, type Period } from "../../analytics/query.ts";

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

/** Reply codes a report lists: the table is for reading, the tail is a few replies each. */
export const REPORT_REPLY_CODES_MAX = 12;
/** DMARC sources that fail alignment, largest first. */
export const REPORT_DMARC_SOURCES_MAX = 10;
/** Timeline entries and comments per incident: the report links to the incident for the rest. */
export const REPORT_INCIDENT_EVENTS_MAX = 30;
/** Incidents listed; the oldest first within the period. */
export const REPORT_INCIDENTS_MAX = 25;
/** Drift events read (before the scope filter). */
export const REPORT_DRIFT_MAX = 200;

/** The day index of a timestamp column among the period's local day starts (0-based). */
function dayIndex(column: Prisma.Sql, days: readonly Date[]): Prisma.Sql {
  const starts = days.map((d) => d.toISOString());
  return Prisma.sql`(width_bucket(${column}, ${starts}::timestamp[]) - 1)`;
}

export interface DailyRow extends KpiRow {
  day: number;
  provider: string;
  latency: number[];
}

/** Delivery rollup sums by local day × provider × status × category, with the latency histogram. */
export async function dailyDeliveryRows(ctx: OrgContext, p: Period, days: readonly Date[], f: AnalyticsFilters): Promise<DailyRow[]> {
  const rows = await ctx.db.$queryRaw<(KpiRow & { day: number; provider: string } & Record<string, bigint | null>)[]>`
    select ${dayIndex(Prisma.raw(`r."hour"`), days)}::int as "day", r."provider", ${ROLLUP_SUMS}, ${LATENCY_SUMS}
    from "DeliveryRollup" r
    where r."orgId" = ${ctx.orgId} and r."hour" >= ${p.from} and r."hour" < ${p.to} ${filterSql(f)}
    group by 1, 2, 3, 4`;
  return rows.map((r) => ({ ...r, latency: LATENCY_BUCKETS_SECONDS.map((_, i) => n(r[`b${i}`])) }));
}

export interface ReplyCodeCount {
  code: string;
  count: number;
  previousCount: number;
}

/** 4xx / 5xx reply codes of the period beside the previous one, from the hourly reply-code rollups. */
export async function replyCodeCounts(ctx: OrgContext, p: Period, previous: Period, f: AnalyticsFilters): Promise<ReplyCodeCount[]> {
  const rows = await ctx.db.$queryRaw<{ code: string; cur: bigint | null; prev: bigint | null }[]>`
    select "replyCode" as "code",
      sum("count") filter (where "hour" >= ${p.from}) as "cur",
      sum("count") filter (where "hour" < ${previous.to}) as "prev"
    from "DeliveryCodeRollupHour"
    where "orgId" = ${ctx.orgId} and "hour" >= ${previous.from} and "hour" < ${p.to} and left("replyCode", 1) in ('4', '5') ${filterSql(f)}
    group by 1
    order by 2 desc nulls last, 1
    limit ${REPORT_REPLY_CODES_MAX}`;
  return rows.map((r) => ({ code: r.code, count: n(r.cur), previousCount: n(r.prev) })).filter((r) => r.count > 0 || r.previousCount > 0);
}

/** Feedback-loop (ARF) complaints by day and reporter: the reporter says which provider's loop sent it. */
export async function arfComplaints(ctx: OrgContext, p: Period, days: readonly Date[]) {
  const rows = await ctx.db.$queryRaw<{ day: number; reporter: string; count: bigint }[]>`
    select ${dayIndex(Prisma.raw(`"arrivalAt"`), days)}::int as "day", "reporter", count(*) as "count"
    from "Complaint" where "orgId" = ${ctx.orgId} and "kind" = 'ARF' and "arrivalAt" >= ${p.from} and "arrivalAt" < ${p.to}
    group by 1, 2`;
  return rows.map((r) => ({ day: r.day, reporter: r.reporter, count: n(r.count) }));
}

/** DMARC aggregate counts per day (for the pass-rate sparkline). */
export async function dmarcDaily(ctx: OrgContext, p: Period, days: readonly Date[], domains: readonly string[]) {
  const rows = await ctx.db.$queryRaw<{ day: number; messages: bigint; spf: bigint; dkim: bigint; pass: bigint }[]>`
    select ${dayIndex(Prisma.raw(`"beginAt"`), days)}::int as "day", sum("count") as "messages",
      coalesce(sum("count") filter (where "spfAligned" = 'pass'), 0) as "spf",
      coalesce(sum("count") filter (where "dkimAligned" = 'pass'), 0) as "dkim",
      coalesce(sum("count") filter (where "spfAligned" = 'pass' or "dkimAligned" = 'pass'), 0) as "pass"
    from "DmarcRecord" where "orgId" = ${ctx.orgId} and "beginAt" >= ${p.from} and "beginAt" < ${p.to}
      ${domains.length ? Prisma.sql`and "domain" = any(${[...domains]}::text[])` : Prisma.empty}
    group by 1`;
  return rows.map((r) => ({ day: r.day, messages: n(r.messages), spf: n(r.spf), dkim: n(r.dkim), pass: n(r.pass) }));
}

/** Sources whose messages failed DMARC alignment (neither SPF nor DKIM aligned), largest first. */
export async function dmarcFailingSources(ctx: OrgContext, p: Period, domains: readonly string[]) {
  const rows = await ctx.db.$queryRaw<
    { sourceIp: string; headerFrom: string; name: string | null; messages: bigint; failed: bigint; disposition: string | null }[]
  >`
    select "sourceIp", coalesce("headerFrom", "domain") as "headerFrom", max(coalesce("ptr", "provider")) as "name",
      sum("count") as "messages",
      coalesce(sum("count") filter (where coalesce("spfAligned", 'fail') <> 'pass' and coalesce("dkimAligned", 'fail') <> 'pass'), 0) as "failed",
      mode() within group (order by "disposition") as "disposition"
    from "DmarcRecord" where "orgId" = ${ctx.orgId} and "beginAt" >= ${p.from} and "beginAt" < ${p.to}
      ${domains.length ? Prisma.sql`and "domain" = any(${[...domains]}::text[])` : Prisma.empty}
    group by 1, 2
    having coalesce(sum("count") filter (where coalesce("spfAligned", 'fail') <> 'pass' and coalesce("dkimAligned", 'fail') <> 'pass'), 0) > 0
    order by 5 desc, 1
    limit ${REPORT_DMARC_SOURCES_MAX}`;
  return rows.map((r) => ({
    sourceIp: r.sourceIp,
    sourceName: r.name,
    headerFrom: r.headerFrom,
    messages: n(r.messages),
    failRate: n(r.messages) > 0 ? n(r.failed) / n(r.messages) : 0,
    disposition: r.disposition ?? "none",
  }));
}

export interface PortDayRow {
  serverId: string;
  hostname: string;
  port: number;
  day: number;
  probes: number;
  ok: number;
}

/** Probe rollups of the servers' ports by local day. */
export async function portDays(ctx: OrgContext, p: Period, days: readonly Date[], serverIds: readonly string[]): Promise<PortDayRow[]> {
  const rows = await ctx.db.$queryRaw<{ serverId: string; hostname: string; port: number; day: number; probes: bigint; ok: bigint }[]>`
    select m."serverId", s."hostname", m."port", ${dayIndex(Prisma.raw(`r."hour"`), days)}::int as "day",
      sum(r."probes") as "probes", sum(r."ok") as "ok"
    from "MonitorRollup" r
    join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
    join "MailServer" s on s."id" = m."serverId" and s."orgId" = m."orgId"
    where r."orgId" = ${ctx.orgId} and r."hour" >= ${p.from} and r."hour" < ${p.to}
      ${serverIds.length ? Prisma.sql`and m."serverId" = any(${[...serverIds]}::text[])` : Prisma.empty}
    group by 1, 2, 3, 4`;
  return rows.map((r) => ({ serverId: r.serverId, hostname: r.hostname, port: r.port, day: r.day, probes: n(r.probes), ok: n(r.ok) }));
}

/** Probe latency percentiles (successful probes), TLS failures and the latest TLS version per server port. */
export async function probeStats(ctx: OrgContext, p: Period, serverIds: readonly string[]) {
  const rows = await ctx.db.$queryRaw<
    { serverId: string; port: number; p50: number | null; p95: number | null; tlsFailed: bigint; tls: string | null }[]
  >`
    select m."serverId", m."port",
      percentile_cont(0.5) within group (order by r."totalMs") filter (where r."outcome" = 'ok') as "p50",
      percentile_cont(0.95) within group (order by r."totalMs") filter (where r."outcome" = 'ok') as "p95",
      count(*) filter (where r."outcome" = 'tls_failed') as "tlsFailed",
      (array_agg(r."tlsVersion" order by r."time" desc) filter (where r."tlsVersion" is not null))[1] as "tls"
    from "ProbeResult" r
    join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
    where r."orgId" = ${ctx.orgId} and r."time" >= ${p.from} and r."time" < ${p.to} and m."serverId" is not null
      ${serverIds.length ? Prisma.sql`and m."serverId" = any(${[...serverIds]}::text[])` : Prisma.empty}
    group by 1, 2`;
  return rows.map((r) => ({ ...r, tlsFailed: n(r.tlsFailed) }));
}

/** DNS drift of the period (blocklistings, record and finding changes), with the domain or IP named. */
export function driftEvents(ctx: OrgContext, p: Period) {
  return ctx.db.dnsDriftEvent.findMany({
    where: { orgId: ctx.orgId, at: { gte: p.from, lt: p.to }, type: { notIn: ["checks.unknown", "checks.known"] } },
    select: {
      at: true,
      type: true,
      check: true,
      severity: true,
      message: true,
      before: true,
      after: true,
      domainId: true,
      ipId: true,
      domain: { select: { domain: true } },
      ip: { select: { address: true } },
    },
    orderBy: { at: "asc" },
    take: REPORT_DRIFT_MAX,
  });
}

/** Certificate and TLS drift of the probed server ports. */
export function tlsMonitorEvents(ctx: OrgContext, p: Period, serverIds: readonly string[]) {
  return ctx.db.monitorEvent.findMany({
    where: {
      orgId: ctx.orgId,
      at: { gte: p.from, lt: p.to },
      kind: "drift",
      OR: [{ type: { contains: "tls" } }, { type: { contains: "cert" } }],
      monitor: { orgId: ctx.orgId, serverId: serverIds.length ? { in: [...serverIds] } : { not: null } },
    },
    select: {
      at: true,
      type: true,
      severity: true,
      message: true,
      monitor: { select: { port: true, serverId: true, server: { select: { hostname: true } } } },
    },
    orderBy: { at: "asc" },
    take: REPORT_DRIFT_MAX,
  });
}

export async function tlsReportTotals(ctx: OrgContext, p: Period) {
  const r = await ctx.db.tlsReport.aggregate({
    where: { orgId: ctx.orgId, beginAt: { gte: p.from, lt: p.to } },
    _sum: { successfulSessions: true, failedSessions: true },
  });
  return { successfulSessions: r._sum.successfulSessions ?? 0, failedSessions: r._sum.failedSessions ?? 0 };
}

/** Incidents open at any time in the period, with their timeline. */
export function periodIncidents(ctx: OrgContext, p: Period) {
  return ctx.db.incident.findMany({
    where: { orgId: ctx.orgId, openedAt: { lt: p.to }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: p.from } }] },
    select: {
      id: true,
      title: true,
      severity: true,
      status: true,
      openedAt: true,
      resolvedAt: true,
      events: {
        where: { orgId: ctx.orgId },
        select: { at: true, type: true, actorLabel: true, body: true },
        orderBy: { at: "asc" },
        take: REPORT_INCIDENT_EVENTS_MAX,
      },
    },
    orderBy: { openedAt: "asc" },
    take: REPORT_INCIDENTS_MAX,
  });
}

/** Conversions and their value per campaign in the period (imported conversions). */
export async function campaignConversions(ctx: OrgContext, p: Period) {
  const rows = await ctx.db.$queryRaw<{ campaign: string; conversions: bigint; revenue: number | null }[]>`
    select "campaign", count(*) as "conversions", sum("value")::float8 as "revenue"
    from "Conversion" where "orgId" = ${ctx.orgId} and "occurredAt" >= ${p.from} and "occurredAt" < ${p.to}
    group by 1`;
  return new Map(rows.map((r) => [r.campaign, { conversions: n(r.conversions), revenue: r.revenue }]));
}

/** Longest reply text a reply-code row quotes. */
export const REPLY_SAMPLE_MAX_CHARS = 200;

/**
 * A reply text per code, from the samples the delivery detections kept (addresses masked) for the episodes
 * of the period: no raw event is read, so a code no detection saw has no sample.
 */
export async function replySamples(ctx: OrgContext, p: Period): Promise<Map<string, string>> {
  const rows = await ctx.db.deliveryDetection.findMany({
    where: { orgId: ctx.orgId, startedAt: { lt: p.to }, lastSeenAt: { gte: p.from } },
    select: { sampleReplies: true },
    orderBy: { startedAt: "desc" },
    take: 50,
  });
  const out = new Map<string, string>();
  for (const reply of rows.flatMap((r) => r.sampleReplies)) {
    const code = /^([45]\d\d)\b/.exec(reply.trim())?.[1];
    if (code && !out.has(code)) out.set(code, reply.trim().slice(0, REPLY_SAMPLE_MAX_CHARS));
  }
  return out;
}
