/**
 * Gauges read at scrape time from the database the process uses: pg-boss queue depth and oldest waiting
 * job per queue (one SQL query on pgboss.job per scrape), and the pg pool's connections. Bound once per
 * process with `bindMetricsDatabase` (the web route, the worker at start).
 */
import { type Db, poolStats } from "@inboxwatch/db";
import { JOBS } from "@inboxwatch/jobs";
import { Gauge } from "prom-client";

import { metrics } from "./registry.ts";

/** Both queue gauges are collected in one scrape: they share one query started within this window. */
const QUEUE_STATS_REUSE_MS = 1_000;

interface QueueRow {
  name: string;
  depth: number;
  oldest_seconds: number;
}

/**
 * Jobs waiting to run (created, or failed and waiting to retry), deferred ones included; the oldest age
 * counts only jobs already due (start_after passed), so a job scheduled for tomorrow is depth, not delay.
 */
const QUEUE_STATS_SQL = `
  select name, count(*)::int as depth,
    coalesce(extract(epoch from now() - min(start_after) filter (where start_after <= now())), 0)::float8 as oldest_seconds
  from pgboss.job where state in ('created', 'retry') group by name`;

const globalForCollectors: typeof globalThis & { inboxwatchMetricsDb?: () => Db; inboxwatchCollectors?: true } = globalThis;

/** Points the scrape-time gauges at the process's database (idempotent; the last binding wins). */
export function bindMetricsDatabase(getDb: () => Db): void {
  globalForCollectors.inboxwatchMetricsDb = getDb;
  if (globalForCollectors.inboxwatchCollectors) return;
  globalForCollectors.inboxwatchCollectors = true;
  registerCollectors();
}

function registerCollectors(): void {
  const registers = [metrics().registry];
  let last: { at: number; rows: Promise<Map<string, QueueRow> | null> } | null = null;
  const queueStats = (): Promise<Map<string, QueueRow> | null> => {
    if (!last || Date.now() - last.at > QUEUE_STATS_REUSE_MS) last = { at: Date.now(), rows: readQueueStats() };
    return last.rows;
  };
  // Every queue of the registry is reported, 0 when empty, so "depth > x" alerts see a series.
  const queues = Object.keys(JOBS);
  new Gauge({
    name: "inboxwatch_queue_depth",
    help: "pg-boss jobs waiting (created or waiting to retry, deferred ones included), by queue.",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      const rows = await queueStats();
      this.reset();
      if (rows) for (const q of queues) this.set({ queue: q }, rows.get(q)?.depth ?? 0);
    },
  });
  new Gauge({
    name: "inboxwatch_queue_oldest_job_age_seconds",
    help: "Seconds the oldest due job of the queue has waited since it could start, by queue (0 when none is due).",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      const rows = await queueStats();
      this.reset();
      if (rows) for (const q of queues) this.set({ queue: q }, rows.get(q)?.oldest_seconds ?? 0);
    },
  });
  const pool = (pick: (s: { total: number; idle: number; waiting: number }) => number) =>
    function (this: Gauge) {
      const db = globalForCollectors.inboxwatchMetricsDb;
      const stats = db ? poolStats(db()) : null;
      if (stats) this.set(pick(stats));
    };
  new Gauge({
    name: "inboxwatch_db_pool_connections",
    help: "Open connections of the database pool.",
    registers,
    collect: pool((s) => s.total),
  });
  new Gauge({
    name: "inboxwatch_db_pool_idle_connections",
    help: "Idle connections of the database pool.",
    registers,
    collect: pool((s) => s.idle),
  });
  new Gauge({
    name: "inboxwatch_db_pool_waiting_clients",
    help: "Queries waiting for a free connection of the database pool.",
    registers,
    collect: pool((s) => s.waiting),
  });
}

/** Null when the database or the pgboss schema is not reachable: the scrape still answers, without the queue series. */
async function readQueueStats(): Promise<Map<string, QueueRow> | null> {
  const db = globalForCollectors.inboxwatchMetricsDb;
  if (!db) return null;
  try {
    const rows = await db().$queryRawUnsafe<QueueRow[]>(QUEUE_STATS_SQL);
    return new Map(rows.map((r) => [r.name, r]));
  } catch (err) {
    console.error("[metrics] queue stats:", (err as Error).message);
    return null;
  }
}
