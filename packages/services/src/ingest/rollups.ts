/**
 * Minute, hour and day rollups of exactly the events an insert wrote (so a re-run adds nothing), keyed
 * by organization × sending domain × provider × server × status × category. Each granularity is its own
 * table of one shape (see DeliveryRollup in prisma/schema/ingest.prisma for why); events are grouped
 * here first so each table gets one upsert row per key and one statement per batch.
 */
import { type Tx } from "@inboxwatch/db";

import { type InsertedEvent } from "./event-rows.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Table and bucket column per granularity; identifiers are constants, never input. */
const GRANULARITIES = [
  { table: "DeliveryRollupMinute", bucket: "minute", ms: MINUTE_MS },
  { table: "DeliveryRollup", bucket: "hour", ms: HOUR_MS },
  { table: "DeliveryRollupDay", bucket: "day", ms: DAY_MS },
] as const;

const upsertSql = (table: string, bucket: string) => `insert into "${table}" ("orgId", "${bucket}", "senderDomain", "provider", "serverId", "status", "category", "count", "delaySum", "delayCount")
  select $1, * from unnest($2::timestamp(3)[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::float8[], $10::int[])
  on conflict ("orgId", "${bucket}", "senderDomain", "provider", "serverId", "status", "category") do update set
    "count" = "${table}"."count" + excluded."count",
    "delaySum" = "${table}"."delaySum" + excluded."delaySum",
    "delayCount" = "${table}"."delayCount" + excluded."delayCount"`;

interface Group {
  bucket: number;
  senderDomain: string;
  provider: string;
  serverId: string;
  status: string;
  category: string;
  count: number;
  delaySum: number;
  delayCount: number;
}

/** Groups events into buckets of `ms` (UTC-aligned: days start at 00:00 UTC). */
export function groupRollups(events: readonly InsertedEvent[], ms: number): Group[] {
  const groups = new Map<string, Group>();
  for (const e of events) {
    const bucket = Math.floor(new Date(e.time).getTime() / ms) * ms;
    const serverId = e.serverId ?? "";
    const key = `${bucket}\u0000${e.senderDomain}\u0000${e.provider}\u0000${serverId}\u0000${e.status}\u0000${e.category}`;
    let g = groups.get(key);
    if (!g) {
      g = { bucket, senderDomain: e.senderDomain, provider: e.provider, serverId, status: e.status, category: e.category, count: 0, delaySum: 0, delayCount: 0 };
      groups.set(key, g);
    }
    g.count++;
    if (e.delaySeconds !== null) {
      g.delaySum += e.delaySeconds;
      g.delayCount++;
    }
  }
  // One lock order for every writer: two batches upserting overlapping keys cannot deadlock.
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, g]) => g);
}

/** Adds the inserted events to their minute, hourly and daily rollups; returns the hourly group count. */
export async function upsertRollups(tx: Tx, orgId: string, events: readonly InsertedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  let hourly = 0;
  for (const { table, bucket, ms } of GRANULARITIES) {
    const g = groupRollups(events, ms);
    if (table === "DeliveryRollup") hourly = g.length;
    await tx.$executeRawUnsafe(
      upsertSql(table, bucket),
      orgId,
      g.map((x) => new Date(x.bucket).toISOString()),
      g.map((x) => x.senderDomain),
      g.map((x) => x.provider),
      g.map((x) => x.serverId),
      g.map((x) => x.status),
      g.map((x) => x.category),
      g.map((x) => x.count),
      g.map((x) => x.delaySum),
      g.map((x) => x.delayCount),
    );
  }
  return hourly;
}
