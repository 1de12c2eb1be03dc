/**
 * Cohort benchmark (issue 13 "Benchmark": a cohort table over 10 M messages and 1 M recipients ≤ 1 s).
 * One organization with R recipient profiles and E delivery events (default 1,000,000 and 10,000,000),
 * generated server-side (INSERT … SELECT generate_series, in slices), then:
 *   - the refresh job's compute time for each grouping (refreshCohorts: the GROUPING SETS statement over
 *     every event, both column layouts, stored as views);
 *   - p50 / p95 of the cohort endpoint, GET /api/v1/analytics/cohorts through its route handler (API-key
 *     auth, the verb reading the stored view, rates and Wilson intervals, JSON), for every grouping × layout;
 *   - beside two anchors in the same run: the bare stored-view read (one primary-key SELECT of the JSON),
 *     and the raw GROUP BY computing the table (computeCohorts of one grouping, not stored).
 *
 * Data: recipients signed up over the last 540 days from six acquisition sources (5 % without a profile,
 * 3 % without a source); each message goes to one recipient on a day between its signup and today, 93 %
 * accepted, 5 % deferred, 2 % bounced; 30 % of accepted messages opened (as ESP events under the same
 * message id), 5 % clicked; a conversion for 1 message in 40, 0.5–6.5 days after its delivery.
 *
 * Embedded PostgreSQL in a temp directory (fsync off, as in the tests), loopback only; removed at the end.
 *
 *   npx tsx bench/analytics-cohorts/index.ts [--events N] [--recipients R] [--runs K] [--raw-runs K] [--explain GROUPING]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { testRestRoutes } from "../../packages/api/src/rest/testing.ts";
import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import {
  COHORT_WORK_MEM_MB,
  cohortStatement,
  computeCohorts,
  refreshCohorts,
} from "../../packages/services/src/analytics/cohorts/compute.ts";
import { createApiKey } from "../../packages/services/src/apikey/index.ts";
import { systemContext } from "../../packages/services/src/index.ts";
import { ensureMonthlyPartitions } from "../../packages/services/src/partitions.ts";

const DAY = 86_400_000;
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    recipients: { type: "string", default: "1000000" },
    runs: { type: "string", default: "20" },
    /** Timed runs of the raw GROUP BY anchor (minutes each at 10 M events); 1 = a single cold run, no warm-up. */
    "raw-runs": { type: "string", default: "2" },
    /** Print EXPLAIN ANALYZE of one grouping's statement after loading, and stop. */
    explain: { type: "string" },
  },
});
const EVENTS = Number(values.events);
const RECIPIENTS = Number(values.recipients);
const RUNS = Number(values.runs);
const RAW_RUNS = Math.max(1, Number(values["raw-runs"]));
/** Events per message on average: 1 delivery + 0.93 × (0.30 opens + 0.05 clicks). */
const EVENTS_PER_MESSAGE = 1 + 0.93 * 0.35;
const MESSAGES = Math.round(EVENTS / EVENTS_PER_MESSAGE);
/** Messages per INSERT statement: progress lines, and no single multi-minute statement. */
const SLICE = 1_000_000;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function time(runs: number, fn: () => Promise<unknown>, warmUp = true): Promise<{ p50: number; p95: number }> {
  if (warmUp) await fn(); // warm-up: plans and caches, as a page that is open
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

const f = (t: { p50: number; p95: number }) => `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)} ms`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-cohorts-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
  try {
    await server.createDatabase("bench_cohorts");
    const url = server.url("bench_cohorts");
    await migrate(url);
    process.env.DATABASE_URL = url;
    const db = createDb(url, { max: 4 });
    const now = new Date();
    const sys = systemContext(db, "bench");
    await ensureMonthlyPartitions(sys, { table: "DeliveryEvent", now: new Date(now.getTime() - 545 * DAY), aheadMonths: 19 });
    const org = await db.organization.create({ data: { name: "Big", slug: "big" } });
    const orgId = org.id;
    const ctx = { db, orgId, actor: { type: "SYSTEM" as const, label: "bench" } };

    console.log(
      `generating ${RECIPIENTS.toLocaleString("en")} recipients and ${EVENTS.toLocaleString("en")} events (${MESSAGES.toLocaleString("en")} messages) server-side; load ${load()}`,
    );
    const t0 = performance.now();
    // Recipient i: signed up (i % 540) days ago; 1 in 20 has no profile, 1 in 33 no source.
    await db.$executeRawUnsafe(
      `insert into "RecipientProfile" ("orgId", "recipientHash", "acquisitionSource", "signupDate", "updatedAt")
       select $1, 'r' || i,
         case when i % 33 = 0 then '' else (array['google-ads','google-ads','organic','organic','organic','facebook','partner:acme','referral','newsletter-form'])[1 + (i * 7) % 9] end,
         (now() at time zone 'UTC')::date - (i % 540), now()
       from generate_series(1, $2::int) i where i % 20 <> 0`,
      orgId,
      RECIPIENTS,
    );
    const providers = `(array['google','google','google','microsoft','microsoft','yahoo','apple','other'])[1 + i % 8]`;
    // Message j → recipient i = 1 + (j × 7919) mod R, on a day between its signup and today.
    const msgExpr = `
      from (select j, 1 + ((j::bigint * 7919) % $2::int)::int as i from generate_series($3::int, $4::int) j) s,
        lateral (select now() - make_interval(days => (s.i % 540)) + make_interval(days => (s.j % greatest(1, s.i % 540)), secs => (s.j % 86000)) as t) tt`;
    for (let from = 1; from <= MESSAGES; from += SLICE) {
      const to = Math.min(MESSAGES, from + SLICE - 1);
      await db.$executeRawUnsafe(
        `insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "messageId", "senderDomain", "recipientDomain", "recipientHash",
           "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "delaySeconds", "eventKey")
         select $1, tt.t, 'bench', 'mx1', 'Q' || s.j, '<m' || s.j || '@acme.example>', 'acme.example', 'example.com', 'r' || s.i,
           ${providers.replaceAll("i %", "s.i %")},
           case when s.j % 100 < 93 then 'sent' when s.j % 100 < 98 then 'deferred' else 'bounced' end,
           case when s.j % 100 < 93 then 'delivered' when s.j % 100 < 98 then 'deferred' else 'bounced' end,
           case when s.j % 100 < 93 then '250' when s.j % 100 < 98 then '421' else '550' end, '',
           case when s.j % 100 < 93 then 'delivered' when s.j % 100 < 98 then 'throttled' else 'user_unknown' end,
           '', '', '', '', 1.5, 'k' || s.j
         ${msgExpr}`,
        orgId,
        RECIPIENTS,
        from,
        to,
      );
      // Engagement of accepted messages (j % 100 < 93): opens for j % 20 < 6 (30 %), clicks for j % 20 = 19 (5 %).
      await db.$executeRawUnsafe(
        `insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "messageId", "senderDomain", "recipientDomain", "recipientHash",
           "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "eventKey")
         select $1, tt.t + interval '20 minutes', 'esp', 'esp', 'E' || s.j, '<m' || s.j || '@acme.example>', 'acme.example', 'example.com', 'r' || s.i,
           ${providers.replaceAll("i %", "s.i %")}, 'sent', c.kind, '', '', c.kind, '', '', '', '', 'e' || c.kind || s.j
         ${msgExpr}
         cross join lateral (select 'open' as kind where s.j % 20 < 6 union all select 'click' where s.j % 20 = 19) c
         where s.j % 100 < 93`,
        orgId,
        RECIPIENTS,
        from,
        to,
      );
      process.stdout.write(`  messages ${to.toLocaleString("en")} / ${MESSAGES.toLocaleString("en")}; load ${load()}\n`);
    }
    // A conversion for 1 accepted message in 40, 0.5–6.5 days after it; 1 in 5 in USD.
    await db.$executeRawUnsafe(
      `insert into "Conversion" ("id", "orgId", "externalId", "recipientHash", "occurredAt", "value", "currency")
       select 'c' || e."queueId", $1, e."queueId", e."recipientHash", e."time" + make_interval(hours => 12 + (e."id" % 145)::int),
         10 + (e."id" % 190), case when e."id" % 5 = 0 then 'USD' else 'EUR' end
       from "DeliveryEvent" e where e."orgId" = $1 and e."category" = 'delivered' and e."id" % 40 = 0`,
      orgId,
    );
    await db.$executeRawUnsafe(`analyze`);
    const [counts] = await db.$queryRawUnsafe<{ events: bigint; profiles: bigint; conversions: bigint }[]>(
      `select (select count(*) from "DeliveryEvent" where "orgId" = $1) as "events",
         (select count(*) from "RecipientProfile" where "orgId" = $1) as "profiles",
         (select count(*) from "Conversion" where "orgId" = $1) as "conversions"`,
      orgId,
    );
    console.log(
      `generated in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${Number(counts?.events).toLocaleString("en")} events, ${Number(counts?.profiles).toLocaleString("en")} profiles, ${Number(counts?.conversions).toLocaleString("en")} conversions; load ${load()}`,
    );

    if (values.explain) {
      const grouping = values.explain === "signup-month" ? "signup-month" : "source-provider";
      const sql = cohortStatement({ orgId }, grouping, new Date(now.getTime() - 84 * DAY), now);
      const plan = await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`set local work_mem = '${COHORT_WORK_MEM_MB}MB'`);
          return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${sql.text}`, ...sql.values);
        },
        { timeout: 3_600_000 },
      );
      console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
      await db.$disconnect();
      return;
    }
    // The refresh job's computation, as the analytics.refresh job runs it (both groupings, stored).
    const timings = await refreshCohorts(ctx);
    for (const t of timings)
      console.log(`refresh compute, ${t.grouping}: ${(t.durationMs / 1000).toFixed(1)} s (both column layouts); load ${load()}`);

    const key = (await createApiKey(ctx, { name: "bench", scopes: ["analytics.read"] })).key;
    const routes = testRestRoutes(db);
    const rows: string[][] = [];
    for (const grouping of ["source-provider", "signup-month"] as const) {
      for (const columns of ["weeks-since-signup", "calendar-week"] as const) {
        const viewKey = `${grouping}:${columns === "weeks-since-signup" ? "weeks" : "calendar"}`;
        const endpoint = await time(RUNS, async () => {
          const res = await routes.getAnalyticsCohorts(
            new Request(`http://127.0.0.1/api/v1/analytics/cohorts?grouping=${grouping}&columns=${columns}&metric=conversion`, {
              headers: { authorization: `Bearer ${key}` },
            }),
            { params: Promise.resolve({}) },
          );
          if (res.status !== 200) throw new Error(`endpoint answered ${res.status}: ${await res.text()}`);
          const body = (await res.json()) as { state: string };
          if (body.state !== "ready") throw new Error(`view ${viewKey} not computed`);
        });
        const bare = await time(RUNS, () =>
          db.$queryRawUnsafe(`select "data" from "AnalyticsView" where "orgId" = $1 and "kind" = 'cohorts' and "key" = $2`, orgId, viewKey),
        );
        const [size] = await db.$queryRawUnsafe<{ bytes: number }[]>(
          `select octet_length("data"::text) as "bytes" from "AnalyticsView" where "orgId" = $1 and "kind" = 'cohorts' and "key" = $2`,
          orgId,
          viewKey,
        );
        rows.push([
          grouping,
          columns,
          f(endpoint),
          f(bare),
          `${Math.round((size?.bytes ?? 0) / 1024)} KiB`,
          endpoint.p95 <= 1000 ? "MET" : "not met",
          load(),
        ]);
        console.log(`${viewKey}: endpoint ${f(endpoint)}, bare view read ${f(bare)} (p50 / p95); load ${load()}`);
      }
    }
    // The raw GROUP BY anchor: computing one grouping's tables from the events (what a page computing on load would wait for).
    const raw: string[] = [];
    for (const grouping of ["source-provider", "signup-month"] as const) {
      const t = await time(RAW_RUNS, () => computeCohorts(ctx, { grouping }), RAW_RUNS > 1);
      raw.push(`${grouping} ${f(t)}`);
      const how = RAW_RUNS > 1 ? `p50 / p95 of ${RAW_RUNS} after a warm-up` : "one run";
      console.log(`raw GROUP BY (computeCohorts, ${grouping}): ${f(t)} (${how}); load ${load()}`);
    }

    console.log("\n| grouping | columns | endpoint p50 / p95 | bare view read | view size | endpoint p95 ≤ 1 s | load |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(`| ${r.join(" | ")} |`);
    console.log(`\nrefresh compute: ${timings.map((t) => `${t.grouping} ${(t.durationMs / 1000).toFixed(1)} s`).join(", ")}`);
    console.log(`raw GROUP BY anchor: ${raw.join(", ")}`);
    await db.$disconnect();
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
