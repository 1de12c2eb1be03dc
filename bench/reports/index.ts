/**
 * Report intake benchmark, end to end. Run: npx tsx bench/reports/index.ts
 *
 * Typical DMARC aggregate reports (gzip, 5–50 records, six reporter styles) through
 *   1. parse AND store, the way production runs it: INTAKE_CONCURRENCY senders call ingestReport (raw
 *      bytes + `reports.process` job in one statement, as the SMTP/IMAP/REST channels do) while the
 *      worker's own queue code (`workQueues` from apps/worker, WORKER_CONCURRENCY pollers, batches of
 *      REPORTS_PROCESS_BATCH_SIZE) fetches the jobs from pg-boss, parses and stores — reports/s from the
 *      first intake until every report is stored;
 *   2. parse only: parseReport() on the same files;
 *   3. the ceiling: a bare fast-xml-parser parse of the same files already gunzipped.
 * PostgreSQL: DATABASE_URL (a server; a scratch database is created on it) or an embedded one in a
 * temporary directory (fsync off, like the test setup). Bounded: fixed report counts, each phase also
 * stops after BENCH_PHASE_MS. Loopback only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import { XMLParser } from "fast-xml-parser";
import pg from "pg";

import { parseReport } from "../../packages/deliverability/src/reports/index.ts";
import { syntheticAggregateBytes, syntheticAggregateGzip } from "../../packages/deliverability/src/reports/synthetic-aggregate.ts";
import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { withDatabase } from "../../packages/db/src/testing.ts";
import { ensureQueues, PgBoss } from "../../packages/jobs/src/index.ts";
import { ingestReport } from "../../packages/services/src/reports/ingest.ts";
import { processRawReports } from "../../packages/services/src/reports/process.ts";
import { REPORTS_PROCESS_BATCH_SIZE } from "../../apps/worker/src/report-sources.ts";
import { workQueues } from "../../apps/worker/src/worker.ts";
import { systemContext } from "@inboxwatch/services";

/** Reports stored end to end (each one distinct, so none is a duplicate). */
const STORE_REPORTS = 2000;
/** Reports parsed per round in the parse-only phases. */
const PARSE_REPORTS = 1000;
const PARSE_ROUNDS = 3;
/** Report deliveries in flight at once (SMTP sessions, HTTP requests). */
const INTAKE_CONCURRENCY = 8;
/** The worker's default WORKER_CONCURRENCY: pollers of the reports.process queue. */
const WORKER_CONCURRENCY = 4;
/** Reports stored before the measurement, then ANALYZE: the tables have the statistics autovacuum keeps. */
const WARM_REPORTS = 500;
/** Each measured phase stops after this long even if work remains. */
const BENCH_PHASE_MS = 60_000;
const TARGET_END_TO_END = 200;

const recordsFor = (seed: number) => 5 + ((seed * 7919) % 46);

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  let server: EmbeddedPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  let dir: string | undefined;
  if (!serverUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-reports-"));
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
    serverUrl = server.url("postgres");
  }
  const name = `bench_reports_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  await migrate(url);
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
  boss.on("error", () => undefined);
  await boss.start();
  await ensureQueues(boss);
  await boss.stop({ graceful: false, wait: true });
  return {
    url,
    async stop() {
      const c = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await server?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function timed(label: string, count: number, body: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  const done = await body();
  const seconds = (performance.now() - t0) / 1000;
  const rate = done / seconds;
  console.log(`  ${label.padEnd(52)} ${rate.toFixed(0).padStart(7)} reports/s  (${done}/${count} in ${seconds.toFixed(2)} s)`);
  return rate;
}

async function main(): Promise<void> {
  console.log(`Generating ${STORE_REPORTS} aggregate reports (gzip, 5–50 records)…`);
  const gz: Buffer[] = [];
  const xml: string[] = [];
  let records = 0;
  for (let seed = 1; seed <= STORE_REPORTS; seed++) {
    const opts = { seed, records: recordsFor(seed) };
    gz.push(syntheticAggregateGzip(opts));
    if (seed <= PARSE_REPORTS) xml.push(syntheticAggregateBytes(opts).toString("utf8"));
    records += opts.records;
  }
  console.log(
    `  ${records} records in all, ${(gz.reduce((s, b) => s + b.length, 0) / STORE_REPORTS / 1024).toFixed(1)} KiB gzip per report on average`,
  );

  const fxp = new XMLParser({ ignoreAttributes: true, processEntities: false });
  for (let i = 0; i < 200; i++) {
    await parseReport(gz[i % PARSE_REPORTS] as Buffer);
    fxp.parse(xml[i % PARSE_REPORTS] as string);
  }

  const db = await database();
  process.env.DATABASE_URL = db.url;
  const client = createDb(db.url, { max: INTAKE_CONCURRENCY + WORKER_CONCURRENCY + 2 });
  const org = await client.organization.create({ data: { name: "Bench", slug: `bench-${process.pid}` } });
  const ctx = { db: client, orgId: org.id, actor: { type: "SYSTEM" as const, label: "bench" } };
  // Warm the pool and the query plans, and give PostgreSQL the table statistics a running system has:
  // planned against empty, never-analyzed tables, the foreign-key checks and the raw-report lookups
  // scan instead of using their indexes (autovacuum analyzes within a minute; the benchmark is shorter).
  const warm = [];
  for (let i = 0; i < WARM_REPORTS; i++) {
    const { id } = await ingestReport(ctx, {
      bytes: syntheticAggregateGzip({ seed: 100_000 + i, records: recordsFor(i) }),
      channel: "API",
    });
    warm.push({ orgId: org.id, rawReportId: id });
  }
  for (let i = 0; i < warm.length; i += REPORTS_PROCESS_BATCH_SIZE)
    await processRawReports(systemContext(client, "bench"), { items: warm.slice(i, i + REPORTS_PROCESS_BATCH_SIZE) });
  await client.$executeRawUnsafe("analyze");
  // The warm-up's jobs were worked above without pg-boss: drop them so the worker starts on an empty queue.
  await client.$executeRawUnsafe(`delete from pgboss.job where name = 'reports.process'`);

  const boss = new PgBoss({ connectionString: db.url, max: WORKER_CONCURRENCY + 8 });
  boss.on("error", (err) => console.error("pg-boss:", err.message));
  await boss.start();
  await workQueues(boss, { db: client, names: ["reports.process"], concurrency: WORKER_CONCURRENCY });

  console.log(
    `\nParse and store (PostgreSQL; ${INTAKE_CONCURRENCY} deliveries in flight; the worker's queue code, ${WORKER_CONCURRENCY} pollers × batches of ${REPORTS_PROCESS_BATCH_SIZE}):`,
  );
  const pending = async () =>
    Number(
      (
        await client.$queryRawUnsafe<{ n: bigint }[]>(
          `select count(*) as n from "RawReport" where "orgId" = $1 and status = 'PENDING'`,
          org.id,
        )
      )[0]?.n ?? 0,
    );
  let intakeSeconds = 0;
  const endToEnd = await timed("intake → pg-boss → worker batch → stored", STORE_REPORTS, async () => {
    const t0 = performance.now();
    const deadline = t0 + BENCH_PHASE_MS;
    let next = 0;
    await Promise.all(
      Array.from({ length: INTAKE_CONCURRENCY }, async () => {
        while (next < gz.length && performance.now() < deadline) await ingestReport(ctx, { bytes: gz[next++] as Buffer, channel: "SMTP" });
      }),
    );
    intakeSeconds = (performance.now() - t0) / 1000;
    // Every delivered report is stored when none is PENDING any more.
    while ((await pending()) > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return next - (await pending());
  });
  console.log(`  intake alone: ${(STORE_REPORTS / intakeSeconds).toFixed(0)} reports/s (${intakeSeconds.toFixed(2)} s)`);
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  const statuses = await client.rawReport.groupBy({ by: ["status"], where: { orgId: org.id }, _count: { _all: true } });
  const stored = await client.dmarcRecord.count({ where: { orgId: org.id } });
  const notParsed = statuses.filter((s) => s.status !== "PARSED").map((s) => `${s.status} ${s._count._all}`);
  console.log(`  ${stored} record rows stored${notParsed.length ? `, !! not PARSED: ${notParsed.join(", ")}` : ""}`);

  console.log(`\nParse only (${PARSE_ROUNDS} × ${PARSE_REPORTS} reports):`);
  const parseOnly = await timed("parseReport (gzip → normalized report)", PARSE_ROUNDS * PARSE_REPORTS, async () => {
    let done = 0;
    for (let r = 0; r < PARSE_ROUNDS; r++) for (const input of gz.slice(0, PARSE_REPORTS)) if ((await parseReport(input)).ok) done++;
    return done;
  });
  const ceiling = await timed("fast-xml-parser on gunzipped XML (ceiling)", PARSE_ROUNDS * PARSE_REPORTS, () => {
    let done = 0;
    for (let r = 0; r < PARSE_ROUNDS; r++) for (const text of xml) if (fxp.parse(text)) done++;
    return Promise.resolve(done);
  });
  const withGunzip = await timed("fast-xml-parser + zlib.gunzipSync", PARSE_ROUNDS * PARSE_REPORTS, () => {
    let done = 0;
    for (let r = 0; r < PARSE_ROUNDS; r++)
      for (const input of gz.slice(0, PARSE_REPORTS)) if (fxp.parse(zlib.gunzipSync(input).toString("utf8"))) done++;
    return Promise.resolve(done);
  });

  console.log(`\nSummary (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores):`);
  console.log(
    `  end to end ${endToEnd.toFixed(0)} reports/s — target ≥ ${TARGET_END_TO_END}: ${endToEnd >= TARGET_END_TO_END ? "MET" : "NOT MET"}`,
  );
  console.log(
    `  end to end / parse only: ${(endToEnd / parseOnly).toFixed(2)}   parse only / ceiling: ${(parseOnly / ceiling).toFixed(2)}   parse only / (fxp + gunzip): ${(parseOnly / withGunzip).toFixed(2)}`,
  );

  await client.$disconnect();
  await db.stop();
}

await main();
