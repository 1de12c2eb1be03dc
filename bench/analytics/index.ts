/**
 * Analytics dashboard benchmark. One organization with N delivery events over the last 365 days (plus 99
 * small organizations with 1,000 each), then p50 / p95 of the dashboard endpoint through the API
 * (GET /api/v1/analytics/overview: API-key auth, the verb, JSON) over 30-, 90- and 365-day ranges, beside
 * two anchors in the same run on the same rows: the bare rollup query (the sum by status × category the
 * endpoint starts from) and a raw-table scan (the same sum straight from the events).
 *
 * Loading: the events go through ingestion's own insert (insertEventRows: the statement that writes the
 * events and maintains the minute/hour/day rollups, reply-code rollups and first-engagement markers), in
 * time order as a live shipper sends them, 50,000 rows per transaction. No second copy of the rollup SQL:
 * the figures are those ingestion produces. Deliveries (some deferred or bounced, with their reply codes
 * and send latency), and for campaign mail ESP opens and clicks (some opened twice) with campaign and
 * variant tags. Then "rollup maintenance keeps up with 50,000 events/s": --ingest-events (default 500,000)
 * more events of the last hours through the same insert, timed.
 * Targets (issue 13): endpoint p95 ≤ 100 ms on this 2-core machine; rollup maintenance ≥ 50,000 events/s.
 *
 * Embedded PostgreSQL in a temp directory (fsync off, as in the tests), loopback only; removed at the end.
 *
 *   npx tsx bench/analytics/index.ts [--events N] [--runs R] [--ingest-events M]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { testRestRoutes } from "../../packages/api/src/rest/testing.ts";
import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { createApiKey } from "../../packages/services/src/apikey/index.ts";
import { systemContext } from "../../packages/services/src/index.ts";
import { type EventRow, insertEventRows } from "../../packages/services/src/ingest/event-rows.ts";
import { ensureMonthlyPartitions } from "../../packages/services/src/partitions.ts";
import { eventSlices } from "./events.ts";

const DAY = 86_400_000;
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    runs: { type: "string", default: "20" },
    "ingest-events": { type: "string", default: "500000" },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const INGEST_EVENTS = Number(values["ingest-events"]);
/** Rows per transaction while loading: about one large ingest batch. */
const LOAD_TX_ROWS = 50_000;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up: plans and caches, as a dashboard that is open
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

/** Loads the events through ingestion's insert, one transaction per slice; returns the seconds it took. */
async function ingest(db: ReturnType<typeof createDb>, slices: Iterable<EventRow[]>): Promise<number> {
  const t0 = performance.now();
  for (const rows of slices) {
    const r = await db.$transaction((tx) => insertEventRows({ db: tx }, { rows }), { timeout: 600_000 });
    if (r.inserted !== rows.length) throw new Error(`inserted ${r.inserted} of ${rows.length}`);
  }
  return (performance.now() - t0) / 1000;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-analytics-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
  try {
    await server.createDatabase("bench_analytics");
    const url = server.url("bench_analytics");
    await migrate(url);
    process.env.DATABASE_URL = url;
    const db = createDb(url, { max: 4 });
    const now = new Date();
    const sys = systemContext(db, "bench");
    // Monthly partitions for the year of history (ensureMonthlyPartitions creates from a month onwards).
    await ensureMonthlyPartitions(sys, { table: "DeliveryEvent", now: new Date(now.getTime() - 366 * DAY), aheadMonths: 13 });
    const big = await db.organization.create({ data: { name: "Big", slug: "big" } });
    const small = [];
    for (let i = 0; i < 99; i++) small.push(await db.organization.create({ data: { name: `Small ${i}`, slug: `small-${i}` } }));

    console.log(`loading ${EVENTS.toLocaleString("en")} events for one organization + 99 × 1,000 through insertEventRows; load ${load()}`);
    const yearAgo = now.getTime() - 365 * DAY;
    // The history ends an hour ago: the maintenance run below writes the last hour.
    const historyEnd = now.getTime() - 3_600_000;
    const loadS = await ingest(db, eventSlices(big.id, EVENTS, yearAgo, historyEnd, 1, LOAD_TX_ROWS));
    for (const [i, org] of small.entries()) await ingest(db, eventSlices(org.id, 1000, yearAgo, historyEnd, 100 + i, LOAD_TX_ROWS));
    await db.$executeRawUnsafe(`analyze`);
    const hourRows = await db.deliveryRollup.count({ where: { orgId: big.id } });
    const dayRows = await db.deliveryRollupDay.count({ where: { orgId: big.id } });
    const sum = await db.deliveryRollup.aggregate({ where: { orgId: big.id }, _sum: { count: true } });
    if (sum._sum.count !== EVENTS) throw new Error(`hourly rollups sum ${sum._sum.count}, not ${EVENTS}`);
    console.log(
      `loaded in ${loadS.toFixed(1)} s (${Math.round(EVENTS / loadS).toLocaleString("en")} events/s, rollups maintained by the same statements): ${hourRows.toLocaleString("en")} hourly, ${dayRows.toLocaleString("en")} daily rollup rows for the big organization; load ${load()}`,
    );

    const key = (
      await createApiKey({ db, orgId: big.id, actor: { type: "SYSTEM", label: "bench" } }, { name: "bench", scopes: ["analytics.read"] })
    ).key;
    const routes = testRestRoutes(db);
    const rows: string[][] = [];
    for (const days of [30, 90, 365]) {
      const from = new Date(now.getTime() - days * DAY);
      const query = `from=${from.toISOString()}&to=${now.toISOString()}`;
      const endpoint = await time(RUNS, async () => {
        const res = await routes.getAnalyticsOverview(
          new Request(`http://127.0.0.1/api/v1/analytics/overview?${query}`, { headers: { authorization: `Bearer ${key}` } }),
          { params: Promise.resolve({}) },
        );
        if (res.status !== 200) throw new Error(`endpoint answered ${res.status}: ${await res.text()}`);
        await res.json();
      });
      // The query the endpoint's delivery KPIs start from (postgres-store.ts rollupRows): whole UTC days from
      // the daily rollups, the hours at either end from the hourly ones.
      const firstDay = new Date(Math.ceil(from.getTime() / DAY) * DAY);
      const lastDay = new Date(Math.floor(now.getTime() / DAY) * DAY);
      const bare = await time(RUNS, () =>
        db.$queryRawUnsafe(
          `select "status", "category", sum("count") from (
            select "status", "category", "count" from "DeliveryRollupDay" where "orgId" = $1 and "day" >= $2 and "day" < $3
            union all select "status", "category", "count" from "DeliveryRollup" where "orgId" = $1 and "hour" >= $4 and "hour" < $2
            union all select "status", "category", "count" from "DeliveryRollup" where "orgId" = $1 and "hour" >= $3 and "hour" < $5
          ) r group by 1, 2`,
          big.id,
          firstDay,
          lastDay,
          from,
          now,
        ),
      );
      const raw = await time(Math.max(3, Math.floor(RUNS / 4)), () =>
        db.$queryRawUnsafe(
          `select "status", "category", count(*) from "DeliveryEvent" where "orgId" = $1 and "time" >= $2 and "time" < $3 group by 1, 2`,
          big.id,
          from,
          now,
        ),
      );
      const f = (t: { p50: number; p95: number }) => `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)} ms`;
      rows.push([`${days} d`, f(endpoint), f(bare), f(raw), endpoint.p95 <= 100 ? "MET" : "not met", load()]);
      console.log(`${days} d: endpoint ${f(endpoint)}, bare rollup query ${f(bare)}, raw scan ${f(raw)} (p50 / p95); load ${load()}`);
    }
    console.log("\n| range | endpoint p50 / p95 | bare rollup query | raw-table scan | p95 ≤ 100 ms | load |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(`| ${r.join(" | ")} |`);
    console.log(
      `\nSame rows on every side: ${EVENTS.toLocaleString("en")} events of one organization over 365 days, loaded through insertEventRows (ingestion's rollup path); ${RUNS} timed runs after one warm-up.`,
    );

    // Rollup maintenance: the last hour's mail of the big organization, in 50,000-row transactions.
    if (INGEST_EVENTS > 0) {
      const ingestS = await ingest(db, eventSlices(big.id, INGEST_EVENTS, historyEnd, now.getTime(), 2, LOAD_TX_ROWS));
      const rate = INGEST_EVENTS / ingestS;
      console.log(
        `rollup maintenance: ${INGEST_EVENTS.toLocaleString("en")} events through insertEventRows (events + minute/hour/day rollups + reply-code rollups + engagement markers) in ${ingestS.toFixed(1)} s = ${Math.round(rate).toLocaleString("en")} events/s; target 50,000 events/s ${rate >= 50_000 ? "MET" : "NOT MET"}; load ${load()}`,
      );
    }
    await db.$disconnect();
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
