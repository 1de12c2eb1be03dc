/**
 * Analytics dashboard benchmark. One organization with N delivery events over the last 365 days (plus 99
 * small organizations with 1,000 each), their hourly and daily rollups, then p50 / p95 of the dashboard
 * endpoint through the API (GET /api/v1/analytics/overview: API-key auth, the verb, JSON) over 30-, 90- and
 * 365-day ranges, beside two anchors in the same run on the same rows: the bare rollup query (the sum by
 * status × category the endpoint starts from) and a raw-table scan (the same sum straight from the events).
 *
 * Loading: the events are generated server-side (INSERT … SELECT generate_series: no client round trips,
 * at least as fast as COPY) and the rollups built from them in bulk — the same rows ingestion writes.
 * Targets (issue 13): endpoint p95 ≤ 100 ms on this 2-core machine.
 *
 * Embedded PostgreSQL in a temp directory (fsync off, as in the tests), loopback only; removed at the end.
 *
 *   npx tsx bench/analytics/index.ts [--events N] [--runs R]
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
import { ensureMonthlyPartitions } from "../../packages/services/src/partitions.ts";

const DAY = 86_400_000;
const { values } = parseArgs({ options: { events: { type: "string", default: "10000000" }, runs: { type: "string", default: "20" } } });
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);

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

/** Server-side generation of `count` events for `orgId` spread over the last 365 days. */
function eventsSql(orgId: string, count: number, now: Date): string {
  return `insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "senderDomain", "recipientDomain", "recipientHash",
      "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "delaySeconds", "eventKey")
    select '${orgId}', timestamp '${now.toISOString().replace("T", " ").replace("Z", "")}' - (random() * interval '365 days'), 'bench', 'mx1',
      'Q' || g, (array['acme.example', 'news.acme.example'])[1 + g % 2], 'example.com', md5(g::text),
      (array['google','google','google','microsoft','microsoft','yahoo','apple','other'])[1 + g % 8],
      s.status, case when s.status = 'sent' then 'delivered' else s.status end,
      case s.status when 'sent' then '250' when 'deferred' then '421' else '550' end, '',
      case s.status when 'sent' then 'delivered' when 'deferred' then 'throttled' else 'user_unknown' end,
      '', '', '', '', case when s.status = 'sent' then random() * 30 end, md5('k' || g::text)
    from generate_series(1, ${count}) g,
      lateral (select case when random() < 0.93 then 'sent' when random() < 0.7 then 'deferred' else 'bounced' end as status) s`;
}

function rollupSql(table: "DeliveryRollup" | "DeliveryRollupDay", bucket: "hour" | "day"): string {
  return `insert into "${table}" ("orgId", "${bucket}", "senderDomain", "provider", "serverId", "status", "category", "count", "delaySum", "delayCount")
    select "orgId", date_trunc('${bucket}', "time"), "senderDomain", "provider", '', "status", "category", count(*), coalesce(sum("delaySeconds"), 0), count("delaySeconds")
    from "DeliveryEvent" group by 1, 2, 3, 4, 5, 6, 7`;
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

    console.log(`loading ${EVENTS.toLocaleString("en")} events for one organization + 99 × 1,000; load ${load()}`);
    let t0 = performance.now();
    await db.$executeRawUnsafe(eventsSql(big.id, EVENTS, now));
    for (const org of small) await db.$executeRawUnsafe(eventsSql(org.id, 1000, now));
    const loadS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await db.$executeRawUnsafe(rollupSql("DeliveryRollup", "hour"));
    await db.$executeRawUnsafe(rollupSql("DeliveryRollupDay", "day"));
    await db.$executeRawUnsafe(`analyze`);
    const rollupS = (performance.now() - t0) / 1000;
    const hourRows = await db.deliveryRollup.count({ where: { orgId: big.id } });
    const dayRows = await db.deliveryRollupDay.count({ where: { orgId: big.id } });
    console.log(
      `loaded in ${loadS.toFixed(1)} s (${Math.round(EVENTS / loadS).toLocaleString("en")} events/s); rollups built in ${rollupS.toFixed(1)} s: ${hourRows.toLocaleString("en")} hourly, ${dayRows.toLocaleString("en")} daily rows for the big organization; load ${load()}`,
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
      const table = days <= 31 ? `"DeliveryRollup"` : `"DeliveryRollupDay"`;
      const column = days <= 31 ? `"hour"` : `"day"`;
      const bare = await time(RUNS, () =>
        db.$queryRawUnsafe(
          `select "status", "category", sum("count") from ${table} where "orgId" = $1 and ${column} >= $2 and ${column} < $3 group by 1, 2`,
          big.id,
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
      `\nSame rows on every side: ${EVENTS.toLocaleString("en")} events of one organization over 365 days; ${RUNS} timed runs after one warm-up.`,
    );
    await db.$disconnect();
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
