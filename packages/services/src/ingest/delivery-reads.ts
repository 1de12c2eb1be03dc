/**
 * The deliverability page's reads: outcome series and breakdowns from the hourly rollups, percentiles and
 * reply texts from the events of the range, a keyset-paginated event search, the unparsed-line samples
 * per source and the queue depth series. Every query is bounded by orgId and a time range.
 */
import { z } from "zod";

import { Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../context.ts";
import { ValidationError } from "../errors.ts";
import { getIngestSettings, hashRecipient } from "./settings.ts";

/** Widest range one summary covers: beyond it the event scans (percentiles, reply texts) get slow. */
const SUMMARY_MAX_RANGE_DAYS = 92;
const DAY_MS = 86_400_000;
/** Rows of "top reply texts". */
const TOP_REPLIES = 15;
/** Event search page size bound. */
const EVENTS_PAGE_MAX = 100;
/** Queue snapshots per series: a minute apart for a week is 10k; more is thinned by the range. */
const QUEUE_POINTS_MAX = 5_000;

/** Ranges up to this long are charted from minute rollups (the "last hours" views)… */
const MINUTE_BUCKETS_MAX_RANGE_HOURS = 6;
/** …when they lie within the minute rollups' retention (maintain.ts keeps 48 h; one hour of slack). */
const MINUTE_BUCKETS_MAX_AGE_HOURS = 47;
const HOUR_MS = 3_600_000;

export const ZTimeRange = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  provider: z.string().max(40).optional(),
  /** A MailServer id; rollups of events mapped to no server are left out when set. */
  serverId: z.string().max(40).optional(),
});

/** The rollup table a range reads: minutes for short recent ranges, hours otherwise. Identifiers are constants. */
function rollupSource(from: Date, to: Date, now = Date.now()) {
  const minutes =
    to.getTime() - from.getTime() <= MINUTE_BUCKETS_MAX_RANGE_HOURS * HOUR_MS &&
    from.getTime() >= now - MINUTE_BUCKETS_MAX_AGE_HOURS * HOUR_MS;
  return minutes
    ? { granularity: "minute" as const, table: Prisma.raw(`"DeliveryRollupMinute"`), bucket: Prisma.raw(`"minute"`) }
    : { granularity: "hour" as const, table: Prisma.raw(`"DeliveryRollup"`), bucket: Prisma.raw(`"hour"`) };
}

function range(input: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (!(from < to)) throw new ValidationError("from must be before to");
  if (to.getTime() - from.getTime() > SUMMARY_MAX_RANGE_DAYS * DAY_MS)
    throw new ValidationError(`The range may span at most ${SUMMARY_MAX_RANGE_DAYS} days`);
  return { from, to };
}

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

export async function getDeliverabilitySummary(ctx: OrgContext, input: z.input<typeof ZTimeRange>) {
  const q = ZTimeRange.parse(input);
  const { from, to } = range(q);
  const provider = Prisma.sql`${q.provider ? Prisma.sql`and "provider" = ${q.provider}` : Prisma.empty} ${q.serverId ? Prisma.sql`and "serverId" = ${q.serverId}` : Prisma.empty}`;
  const src = rollupSource(from, to);
  const [series, categories, codes, replies, latency, providers, servers] = await Promise.all([
    ctx.db.$queryRaw<{ hour: Date; status: string; count: bigint; delaySum: number; delayCount: bigint }[]>`
      select ${src.bucket} as "hour", "status", sum("count") as "count", sum("delaySum") as "delaySum", sum("delayCount") as "delayCount"
      from ${src.table} where "orgId" = ${ctx.orgId} and ${src.bucket} >= ${from} and ${src.bucket} < ${to} ${provider}
      group by 1, "status" order by 1`,
    ctx.db.$queryRaw<{ status: string; category: string; count: bigint }[]>`
      select "status", "category", sum("count") as "count" from "DeliveryRollup"
      where "orgId" = ${ctx.orgId} and "hour" >= ${from} and "hour" < ${to} and "status" <> 'sent' ${provider}
      group by "status", "category" order by 3 desc`,
    ctx.db.$queryRaw<{ class: string; status: string; count: bigint }[]>`
      select coalesce(nullif(left("replyCode", 1), ''), '?') || 'xx' as "class", "status", count(*) as "count" from "DeliveryEvent"
      where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to} and "status" <> 'sent' ${provider}
      group by 1, 2 order by 3 desc`,
    // Addresses in reply texts are masked: they would split identical replies and leak recipients.
    ctx.db.$queryRaw<{ status: string; replyCode: string; enhancedCode: string; category: string; text: string; count: bigint }[]>`
      select "status", "replyCode", "enhancedCode", "category",
        left(regexp_replace("response", '<?[^<>\\s@]+@[^<>\\s]+>?', '<address>', 'g'), 300) as "text", count(*) as "count"
      from "DeliveryEvent" where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to} and "status" <> 'sent' ${provider}
      group by 1, 2, 3, 4, 5 order by 6 desc limit ${TOP_REPLIES}`,
    ctx.db.$queryRaw<{ provider: string; p50: number | null; p95: number | null; count: bigint }[]>`
      select "provider", percentile_cont(0.5) within group (order by "delaySeconds") as "p50",
        percentile_cont(0.95) within group (order by "delaySeconds") as "p95", count(*) as "count"
      from "DeliveryEvent" where "orgId" = ${ctx.orgId} and "time" >= ${from} and "time" < ${to}
        and "status" = 'sent' and "delaySeconds" is not null ${provider}
      group by "provider" order by 4 desc`,
    ctx.db.$queryRaw<{ provider: string; status: string; count: bigint }[]>`
      select "provider", "status", sum("count") as "count" from "DeliveryRollup"
      where "orgId" = ${ctx.orgId} and "hour" >= ${from} and "hour" < ${to} ${q.serverId ? Prisma.sql`and "serverId" = ${q.serverId}` : Prisma.empty}
      group by 1, 2 order by 3 desc`,
    // The server filter's choices: servers with traffic in the range, named from the inventory.
    ctx.db.$queryRaw<{ serverId: string; hostname: string; count: bigint }[]>`
      select r."serverId", s."hostname", sum(r."count") as "count" from "DeliveryRollup" r
      join "MailServer" s on s."id" = r."serverId" and s."orgId" = r."orgId"
      where r."orgId" = ${ctx.orgId} and r."hour" >= ${from} and r."hour" < ${to} and r."serverId" <> ''
      group by 1, 2 order by 3 desc`,
  ]);
  const totals = { sent: 0, deferred: 0, bounced: 0, expired: 0 };
  for (const r of series) if (r.status in totals) totals[r.status as keyof typeof totals] += n(r.count);
  const attempts = totals.sent + totals.deferred + totals.bounced + totals.expired;
  const byProvider = new Map<string, { provider: string; sent: number; deferred: number; bounced: number; expired: number }>();
  for (const r of providers) {
    const p = byProvider.get(r.provider) ?? { provider: r.provider, sent: 0, deferred: 0, bounced: 0, expired: 0 };
    if (r.status === "sent" || r.status === "deferred" || r.status === "bounced" || r.status === "expired") p[r.status] += n(r.count);
    byProvider.set(r.provider, p);
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    /** The bucket of `series` (its `hour` field is the bucket start, whatever the granularity). */
    granularity: src.granularity,
    servers: servers.map((r) => ({ serverId: r.serverId, hostname: r.hostname, count: n(r.count) })),
    totals: {
      ...totals,
      attempts,
      deferralRate: attempts > 0 ? totals.deferred / attempts : null,
      bounceRate: attempts > 0 ? (totals.bounced + totals.expired) / attempts : null,
    },
    series: series.map((r) => ({
      hour: r.hour.toISOString(),
      status: r.status,
      count: n(r.count),
      delaySum: r.delaySum,
      delayCount: n(r.delayCount),
    })),
    categories: categories.map((r) => ({ status: r.status, category: r.category, count: n(r.count) })),
    codeClasses: codes.map((r) => ({ class: r.class, status: r.status, count: n(r.count) })),
    topReplies: replies.map((r) => ({ ...r, count: n(r.count) })),
    latency: latency.map((r) => ({ provider: r.provider, p50: r.p50, p95: r.p95, count: n(r.count) })),
    providers: [...byProvider.values()],
  };
}

export const ZSearchEvents = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** A typed address: hashed with the organization's salt, never stored or logged. */
  recipient: z.string().trim().max(320).optional(),
  queueId: z.string().trim().max(40).optional(),
  replyCode: z
    .string()
    .trim()
    .regex(/^\d{1,3}$|^\d\.\d{1,3}\.\d{1,3}$/, "A reply code (550) or enhanced code (5.1.1)")
    .optional(),
  status: z.enum(["sent", "deferred", "bounced", "expired"]).optional(),
  /** The analytics segments (drill-down from a chart point or a segment row). */
  provider: z.string().trim().min(1).max(60).optional(),
  senderDomain: z.string().trim().min(1).max(253).optional(),
  /** A mail server of the organization, or null for the events mapped to no server. */
  serverId: z.string().trim().min(1).max(40).nullable().optional(),
  /** The campaign tag of the events (DeliveryEvent.campaign). */
  campaign: z.string().trim().min(1).max(200).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|\d+$/)
    .optional(),
  limit: z.number().int().min(1).max(EVENTS_PAGE_MAX).default(50),
});

export async function searchDeliveryEvents(ctx: OrgContext, input: z.input<typeof ZSearchEvents>) {
  const q = ZSearchEvents.parse(input);
  const where: Prisma.DeliveryEventWhereInput = { orgId: ctx.orgId };
  if (q.from || q.to) where.time = { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) };
  if (q.recipient) where.recipientHash = hashRecipient((await getIngestSettings(ctx)).recipientSalt, q.recipient);
  if (q.queueId) where.queueId = q.queueId;
  if (q.replyCode)
    Object.assign(where, q.replyCode.includes(".") ? { enhancedCode: q.replyCode } : { replyCode: { startsWith: q.replyCode } });
  if (q.status) where.status = q.status;
  if (q.provider) where.provider = q.provider;
  if (q.senderDomain) where.senderDomain = q.senderDomain;
  if (q.serverId !== undefined) where.serverId = q.serverId;
  if (q.campaign) where.campaign = q.campaign;
  if (q.cursor) {
    const [t, id] = q.cursor.split("|");
    const time = new Date(t ?? "");
    // Keyset: strictly after the last row of the previous page in (time desc, id desc) order.
    where.AND = [{ OR: [{ time: { lt: time } }, { time, id: { lt: BigInt(id ?? "0") } }] }];
  }
  const rows = await ctx.db.deliveryEvent.findMany({
    where,
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: {
      id: true,
      time: true,
      source: true,
      host: true,
      queueId: true,
      senderDomain: true,
      recipientDomain: true,
      recipientHash: true,
      recipient: true,
      provider: true,
      status: true,
      eventType: true,
      replyCode: true,
      enhancedCode: true,
      category: true,
      reason: true,
      response: true,
      relayHost: true,
      relayIp: true,
      delaySeconds: true,
      hop: true,
    },
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({ ...r, id: r.id.toString(), time: r.time.toISOString(), recipientHash: r.recipientHash.slice(0, 16) })),
    nextCursor: rows.length > q.limit && last ? `${last.time.toISOString()}|${last.id.toString()}` : null,
  };
}

export async function listUnparsedSamples(ctx: OrgContext) {
  const rows = await ctx.db.logSourceState.findMany({
    where: { orgId: ctx.orgId },
    select: { source: true, lines: true, events: true, unparsed: true, unparsedSample: true, updatedAt: true },
    orderBy: { source: "asc" },
  });
  return rows.map((r) => ({ ...r, lines: n(r.lines), events: n(r.events), unparsed: n(r.unparsed), updatedAt: r.updatedAt.toISOString() }));
}

export const ZQueueSeries = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  source: z.string().max(64).optional(),
});

/** Queue depth over time, with the hourly mean delivery latency beside it (queue depth vs latency). */
export async function listQueueSnapshots(ctx: OrgContext, input: z.input<typeof ZQueueSeries>) {
  const q = ZQueueSeries.parse(input);
  const { from, to } = range(q);
  const src = rollupSource(from, to);
  const [snapshots, latency] = await Promise.all([
    ctx.db.queueSnapshot.findMany({
      where: { orgId: ctx.orgId, time: { gte: from, lt: to }, ...(q.source ? { source: q.source } : {}) },
      orderBy: { time: "asc" },
      take: QUEUE_POINTS_MAX,
      select: { source: true, time: true, active: true, deferred: true, hold: true, incoming: true, oldestAgeSeconds: true },
    }),
    ctx.db.$queryRaw<{ hour: Date; delaySum: number; delayCount: bigint }[]>`
      select ${src.bucket} as "hour", sum("delaySum") as "delaySum", sum("delayCount") as "delayCount" from ${src.table}
      where "orgId" = ${ctx.orgId} and ${src.bucket} >= ${from} and ${src.bucket} < ${to} and "status" = 'sent'
      group by 1 order by 1`,
  ]);
  return {
    granularity: src.granularity,
    snapshots: snapshots.map((s) => ({ ...s, time: s.time.toISOString() })),
    latency: latency.map((l) => ({
      hour: l.hour.toISOString(),
      meanDelaySeconds: n(l.delayCount) > 0 ? l.delaySum / n(l.delayCount) : null,
    })),
  };
}

/** What the page shows about ingest configuration (never the token itself). */
export async function getIngestOverview(ctx: OrgContext) {
  const s = await getIngestSettings(ctx);
  const batches = await ctx.db.rawLogBatch.groupBy({ by: ["status"], where: { orgId: ctx.orgId }, _count: { _all: true } });
  const last = await ctx.db.rawLogBatch.findFirst({
    where: { orgId: ctx.orgId },
    orderBy: { receivedAt: "desc" },
    select: { receivedAt: true },
  });
  return {
    keepRecipientAddresses: s.keepRecipientAddresses,
    syslogTokenPrefix: s.syslogTokenPrefix,
    batches: Object.fromEntries(batches.map((b) => [b.status, b._count._all])),
    lastBatchAt: last?.receivedAt.toISOString() ?? null,
  };
}

/** Detections shown per page: episodes are few; a long list means the rules, not the page, need attention. */
const DETECTIONS_MAX = 100;

export const ZDetectionList = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

/** Throttling / greylisting / congestion episodes seen in the range (by last sighting), newest first. */
export async function listDeliveryDetections(ctx: OrgContext, input: z.input<typeof ZDetectionList>) {
  const q = ZDetectionList.parse(input);
  const { from, to } = range(q);
  const rows = await ctx.db.deliveryDetection.findMany({
    where: { orgId: ctx.orgId, lastSeenAt: { gte: from, lt: to } },
    orderBy: { lastSeenAt: "desc" },
    take: DETECTIONS_MAX,
  });
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    kind: r.kind,
    startedAt: r.startedAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    summary: r.summary,
    attempts: r.attempts,
    deferrals: r.deferrals,
    matching: r.matching,
    retriedOk: r.retriedOk,
    medianRetrySeconds: r.medianRetrySeconds,
    spikeFactor: r.spikeFactor,
    otherDeferralRate: r.otherDeferralRate,
    queueDepthMax: r.queueDepthMax,
    queueDepthBaseline: r.queueDepthBaseline,
    delayMeanSeconds: r.delayMeanSeconds,
    delayBaselineSeconds: r.delayBaselineSeconds,
    codes: Array.isArray(r.codes) ? (r.codes as { code: string; count: number }[]) : [],
    sampleReplies: r.sampleReplies,
  }));
}
