/**
 * Runs the throttling detector at the end of a processed batch: loads the window around the batch's
 * newest events (per-minute counts of every provider, the touched providers' deferrals with their retry
 * outcome, queue depth), stores each detection as one DeliveryDetection per episode, and writes an
 * AlertSignal for each NEW throttling/greylisting episode (the alert rules count them as occurrences).
 * Windows are in log time, not wall-clock time: a backlog shipped late is judged as it happened.
 */
import { Prisma, type Tx } from "@inboxwatch/db";

import { type Deferral, type Detection, detectThrottling, type ProviderMinute, type QueuePoint } from "@inboxwatch/deliverability/logs";
import { type InsertSummary } from "./event-rows.ts";
import { DELIVERY_ROLLUP_MINUTE_RETENTION_HOURS } from "./maintain.ts";
import { type InTx, type OrgContext } from "../context.ts";

const MINUTE_MS = 60_000;
/** How far back each run looks: the spike lead, a baseline before it and the greylisting retry window. */
export const DETECTION_WINDOW_MINUTES = 60;
/** An open episode extends the window back to its start, but never further than this. */
const DETECTION_MAX_WINDOW_MINUTES = 6 * 60;
/** A detection this close to an episode's last sighting continues it rather than opening a new one. */
export const DETECTION_MERGE_GAP_MINUTES = 15;
/** Deferrals loaded per run: a real throttling episode shows in far fewer; the cap bounds a flood. */
const DETECTION_MAX_DEFERRALS = 5_000;
/** A greylisted retry is looked for this long after the deferral (the detector bounds it more tightly). */
const RETRY_LOOKAHEAD_MINUTES = 60;

/**
 * Minute rollups are read for a window that starts at least this long after their retention cutoff
 * (maintain.ts deletes them by wall-clock age): slack for a maintenance run during the batch and for clock
 * differences between worker processes. Older windows (a backlog shipped days late) are counted from the events.
 */
const MINUTE_ROLLUP_SAFETY_MINUTES = 60;

const SIGNAL_EVENT = { throttled: "throttling_detected", greylisted: "greylisting_detected" } as const;

export interface DetectionRunResult {
  detections: Detection[];
  created: number;
  signals: number;
}

interface OpenRow {
  id: string;
  provider: string;
  kind: Detection["kind"];
  startedAt: Date;
  lastSeenAt: Date;
}

/** `now` is the wall clock, read only to tell whether the window's minute rollups are still kept. */
export async function runDetections(
  ctx: Pick<InTx<OrgContext>, "db" | "orgId">,
  input: { inserted: InsertSummary; now?: Date },
): Promise<DetectionRunResult> {
  const { db: tx, orgId } = ctx;
  const { inserted, now = new Date() } = input;
  if (inserted.inserted === 0 || inserted.latest === null) return { detections: [], created: 0, signals: 0 };
  const to = inserted.latest.getTime();
  const touched = inserted.providers;

  const open = await tx.$queryRaw<OpenRow[]>`
    select "id", "provider", "kind"::text as "kind", "startedAt", "lastSeenAt" from "DeliveryDetection"
    where "orgId" = ${orgId} and "lastSeenAt" >= ${new Date(to - (DETECTION_WINDOW_MINUTES + DETECTION_MERGE_GAP_MINUTES) * MINUTE_MS)}`;
  let from = to - DETECTION_WINDOW_MINUTES * MINUTE_MS;
  // Recompute an ongoing episode from its start, so its counts cover all of it (with a baseline before).
  for (const o of open) from = Math.min(from, o.startedAt.getTime() - DETECTION_WINDOW_MINUTES * MINUTE_MS);
  from = Math.max(from, to - DETECTION_MAX_WINDOW_MINUTES * MINUTE_MS);
  const fromDate = new Date(Math.floor(from / MINUTE_MS) * MINUTE_MS);
  const toDate = new Date(to);

  const rollupsKept =
    fromDate.getTime() >= now.getTime() - (DELIVERY_ROLLUP_MINUTE_RETENTION_HOURS * 60 - MINUTE_ROLLUP_SAFETY_MINUTES) * MINUTE_MS;
  const [minutes, deferrals, queue] = await Promise.all([
    loadProviderMinutes(ctx, { from: fromDate, to: toDate, source: rollupsKept ? "rollups" : "events" }),
    tx.$queryRaw<DeferralRow[]>`
      select d."provider", d."time", d."queueId", d."recipientHash", d."replyCode", d."enhancedCode", d."response"
      from "DeliveryEvent" d
      where d."orgId" = ${orgId} and d."time" >= ${fromDate} and d."time" <= ${toDate} and d."status" = 'deferred'
        and d."provider" in (${Prisma.join(touched)})
      order by d."time" desc limit ${DETECTION_MAX_DEFERRALS}`,
    tx.$queryRaw<{ at: Date; depth: bigint }[]>`
      select date_trunc('minute', "time") as "at", sum("active" + "deferred" + "incoming" + "hold") as "depth"
      from "QueueSnapshot" where "orgId" = ${orgId} and "time" >= ${fromDate} and "time" <= ${toDate}
      group by 1 order by 1`,
  ]);

  const retryAfter = await findRetries(tx, orgId, deferrals);

  const detections = detectThrottling({
    from: fromDate.getTime(),
    to,
    providers: touched,
    minutes,
    deferrals: deferrals.map((d, i): Deferral => ({
      provider: d.provider,
      at: d.time.getTime(),
      replyCode: d.replyCode,
      enhancedCode: d.enhancedCode,
      response: d.response,
      retrySucceededAfterSeconds: retryAfter[i] ?? null,
    })),
    queue: queue.map((q): QueuePoint => ({ at: q.at.getTime(), depth: Number(q.depth) })),
  });

  let created = 0;
  let signals = 0;
  for (const d of detections) {
    const isNew = await storeDetection(tx, orgId, d, open);
    if (!isNew) continue;
    created++;
    if (d.kind === "internal_congestion") continue;
    const at = new Date(d.lastSeenAt);
    const base = { orgId, at, event: SIGNAL_EVENT[d.kind], active: true, detail: d.summary.slice(0, 500) };
    // Organization scope for the preset rule; provider scope for rules aimed at one provider.
    await tx.alertSignal.createMany({
      data: [
        { ...base, scopeType: "organization" },
        { ...base, scopeType: "provider", scopeId: d.provider },
      ],
    });
    signals++;
  }
  return { detections, created, signals };
}

interface MinuteRow {
  provider: string;
  minute: Date;
  attempts: bigint;
  sent: bigint;
  deferred: bigint;
  remote4xx: bigint;
  delaySum: number | null;
  delayCount: bigint;
}

/**
 * Every provider's delivery counts per minute of [from, to] (`from` on a minute boundary, `to` the newest
 * event). From "events": aggregated from DeliveryEvent — up to 6 h of rows per batch while an episode is
 * open, which cost more than a third of a relay's batch (issue 21 item 10). From "rollups": the whole
 * minutes before `to`'s minute are read from DeliveryRollupMinute (written with the events, in the same
 * statement, from exactly the rows inserted: the same counts), and only `to`'s own minute from the events,
 * since that minute's rollup may already hold later events of another source. Delays are of sent
 * attempts; remote 4xx are deferrals with a 4xx reply (event-rows.ts rolls them up with the same test).
 */
export async function loadProviderMinutes(
  ctx: Pick<InTx<OrgContext>, "db" | "orgId">,
  input: { from: Date; to: Date; source: "events" | "rollups" },
): Promise<ProviderMinute[]> {
  const { db: tx, orgId } = ctx;
  const { from, to, source } = input;
  const eventsFrom = source === "events" ? from : new Date(Math.max(from.getTime(), Math.floor(to.getTime() / MINUTE_MS) * MINUTE_MS));
  const fromEvents = Prisma.sql`
    select "provider", date_trunc('minute', "time") as "minute", count(*) as "attempts",
      count(*) filter (where "status" = 'sent') as "sent", count(*) filter (where "status" = 'deferred') as "deferred",
      count(*) filter (where "status" = 'deferred' and left("replyCode", 1) = '4') as "remote4xx",
      sum("delaySeconds") filter (where "status" = 'sent') as "delaySum",
      count("delaySeconds") filter (where "status" = 'sent') as "delayCount"
    from "DeliveryEvent" where "orgId" = ${orgId} and "time" >= ${eventsFrom} and "time" <= ${to}
    group by 1, 2`;
  const rows =
    source === "events"
      ? await tx.$queryRaw<MinuteRow[]>(fromEvents)
      : await tx.$queryRaw<MinuteRow[]>`
          select "provider", "minute", sum("count") as "attempts",
            coalesce(sum("count") filter (where "status" = 'sent'), 0) as "sent",
            coalesce(sum("count") filter (where "status" = 'deferred'), 0) as "deferred",
            sum("remote4xx") as "remote4xx",
            sum("delaySum") filter (where "status" = 'sent') as "delaySum",
            coalesce(sum("delayCount") filter (where "status" = 'sent'), 0) as "delayCount"
          from "DeliveryRollupMinute" where "orgId" = ${orgId} and "minute" >= ${from} and "minute" < ${eventsFrom}
          group by 1, 2
          union all
          ${fromEvents}`;
  return rows.map((m): ProviderMinute => ({
    provider: m.provider,
    minute: m.minute.getTime(),
    attempts: Number(m.attempts),
    sent: Number(m.sent),
    deferred: Number(m.deferred),
    remote4xx: Number(m.remote4xx),
    delaySum: m.delaySum ?? 0,
    delayCount: Number(m.delayCount),
  }));
}

interface DeferralRow {
  provider: string;
  time: Date;
  queueId: string;
  recipientHash: string;
  replyCode: string;
  enhancedCode: string;
  response: string;
}

/**
 * Seconds from each deferral to its successful retry within RETRY_LOOKAHEAD_MINUTES, or null. The retry
 * of a deferred recipient is the same queue id and recipient, delivered later (Postfix keeps the queue id
 * across retries). One query by queue id for all deferrals: a correlated subquery per deferral let the
 * planner walk the (orgId, time) index over the whole window for each one (~1 s per batch on a relay
 * whose deferrals never stop).
 */
async function findRetries(tx: Tx, orgId: string, deferrals: readonly DeferralRow[]): Promise<(number | null)[]> {
  if (deferrals.length === 0) return [];
  const queueIds = [...new Set(deferrals.map((d) => d.queueId))];
  let from = Infinity;
  let to = -Infinity;
  for (const d of deferrals) {
    from = Math.min(from, d.time.getTime());
    to = Math.max(to, d.time.getTime());
  }
  const sent = await tx.$queryRaw<{ queueId: string; recipientHash: string; time: Date }[]>`
    select "queueId", "recipientHash", "time" from "DeliveryEvent"
    where "orgId" = ${orgId} and "queueId" = any(${queueIds}::text[]) and "status" = 'sent'
      and "time" > ${new Date(from)} and "time" <= ${new Date(to + RETRY_LOOKAHEAD_MINUTES * MINUTE_MS)}`;
  const byRecipient = new Map<string, number[]>();
  for (const s of sent) {
    const key = `${s.queueId}\u0000${s.recipientHash}`;
    byRecipient.set(key, [...(byRecipient.get(key) ?? []), s.time.getTime()]);
  }
  return deferrals.map((d) => {
    const at = d.time.getTime();
    let first = Infinity;
    for (const t of byRecipient.get(`${d.queueId}\u0000${d.recipientHash}`) ?? [])
      if (t > at && t <= at + RETRY_LOOKAHEAD_MINUTES * MINUTE_MS) first = Math.min(first, t);
    return first === Infinity ? null : (first - at) / 1000;
  });
}

/** Updates the open episode this detection continues, or inserts a new one; true when inserted. */
async function storeDetection(tx: Tx, orgId: string, d: Detection, open: OpenRow[]): Promise<boolean> {
  const gap = DETECTION_MERGE_GAP_MINUTES * MINUTE_MS;
  const episode = open.find(
    (o) =>
      o.provider === d.provider &&
      o.kind === d.kind &&
      o.lastSeenAt.getTime() + gap >= d.startedAt &&
      o.startedAt.getTime() - gap <= d.lastSeenAt,
  );
  const e = d.evidence;
  const data = {
    lastSeenAt: new Date(d.lastSeenAt),
    attempts: e.attempts,
    deferrals: e.deferrals,
    matching: e.matching,
    retriedOk: e.retriedOk,
    medianRetrySeconds: e.medianRetrySeconds,
    spikeFactor: e.spikeFactor,
    otherDeferralRate: e.otherDeferralRate,
    queueDepthMax: e.queueDepthMax,
    queueDepthBaseline: e.queueDepthBaseline,
    delayMeanSeconds: e.delayMeanSeconds,
    delayBaselineSeconds: e.delayBaselineSeconds,
    codes: e.codes,
    sampleReplies: e.sampleReplies,
    summary: d.summary,
  };
  if (episode) {
    // The window may have slid past the episode's first minutes: keep the earliest start and latest sighting.
    const lastSeenAt = new Date(Math.max(d.lastSeenAt, episode.lastSeenAt.getTime()));
    await tx.deliveryDetection.update({ where: { id: episode.id, orgId }, data: { ...data, lastSeenAt } });
    episode.lastSeenAt = lastSeenAt;
    return false;
  }
  const startedAt = new Date(d.startedAt);
  // The unique key catches a concurrent batch of another source that found the same episode first.
  const existing = await tx.deliveryDetection.findUnique({
    where: { orgId_provider_kind_startedAt: { orgId, provider: d.provider, kind: d.kind, startedAt } },
    select: { id: true },
  });
  const row = await tx.deliveryDetection.upsert({
    where: { orgId_provider_kind_startedAt: { orgId, provider: d.provider, kind: d.kind, startedAt } },
    create: { orgId, provider: d.provider, kind: d.kind, startedAt, ...data },
    update: data,
    select: { id: true },
  });
  open.push({ id: row.id, provider: d.provider, kind: d.kind, startedAt, lastSeenAt: data.lastSeenAt });
  return existing === null;
}
