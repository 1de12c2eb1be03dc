/**
 * End-to-end ingest benchmark, one run, three figures side by side on the same 1,000,000-line Postfix
 * log (generated from the corpus by bench/ingest/parser.ts's generator):
 *
 *   (a) parser only: LogCorrelator (parse + correlate + classify), lines/s — and pflogsumm on the file;
 *   (b) end to end: POST-equivalent intake (receiveLogs: body read, batch row + job in one transaction)
 *       then the ingest.process-batch job (correlator state, multi-row event inserts ON CONFLICT,
 *       hourly rollup upserts) into PostgreSQL, batch after batch, lines/s;
 *   (c) the ceiling: PostgreSQL's own COPY (psql \copy) of the same number of pre-parsed DeliveryEvent
 *       rows into the same partitioned, indexed table, rows/s — one row per log line.
 *
 * Target: (b) ≥ 30 % of (c). Runs on an embedded PostgreSQL in a temp directory (fsync off, as in tests:
 * both (b) and (c) get the same server), loopback only; everything is removed at the end.
 *
 *   npx tsx bench/ingest/index.ts [--lines N] [--batch-mib M]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import pg from "pg";

import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { LogCorrelator } from "../../packages/deliverability/src/logs/index.ts";
import { ensureQueues, PgBoss } from "../../packages/jobs/src/index.ts";
import { toEventRow, type EventRow } from "../../packages/services/src/ingest/event-rows.ts";
import { receiveLogs } from "../../packages/services/src/ingest/http-intake.ts";
import { processLogBatch } from "../../packages/services/src/ingest/process-batch.ts";
import { generateLog, runOurs, runPflogsumm } from "./parser.ts";

/** psql is the COPY client (Debian package postgresql-client); pg-copy-streams is not installed. */
const PSQL_CANDIDATES = ["psql", ...["17", "16", "15"].map((v) => `/usr/lib/postgresql/${v}/bin/psql`)];
/** \copy of a million rows takes seconds; a hang is a failure. */
const COPY_TIMEOUT_MS = 10 * 60 * 1000;

const COLUMNS = [
  "time", "orgId", "source", "host", "queueId", "senderDomain", "recipientDomain", "recipientHash", "recipient", "provider", "status",
  "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "serverId", "hop", "eventKey", "delaySeconds",
] as const;

/** Splits the file at line ends into request bodies of about `bytes`. */
function* batches(file: string, bytes: number): Generator<Buffer> {
  const all = fs.readFileSync(file);
  let pos = 0;
  while (pos < all.length) {
    let end = Math.min(pos + bytes, all.length);
    if (end < all.length) end = all.lastIndexOf(10, end - 1) + 1;
    yield all.subarray(pos, end);
    pos = end;
  }
}

function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return `"${s.replaceAll('"', '""')}"`;
}

/** The pre-parsed rows for the ceiling: our events, repeated with fresh keys up to one row per line. */
function writeCeilingCsv(file: string, logFile: string, orgId: string, rowsWanted: number): number {
  const c = new LogCorrelator({ year: 2023 });
  const events = [...c.write(fs.readFileSync(logFile)), ...c.end()];
  const ctx = { orgId, source: "ceiling", receivedAt: new Date(), settings: { recipientSalt: "bench", keepRecipientAddresses: false }, servers: [] };
  const base: EventRow[] = events.map((e) => toEventRow(e, ctx));
  const fd = fs.openSync(file, "w");
  let out: string[] = [];
  for (let i = 0; i < rowsWanted; i++) {
    const r = base[i % base.length];
    if (!r) break;
    const row = { ...r, eventKey: `${r.eventKey}:${i}` } as Record<string, unknown>;
    out.push(COLUMNS.map((k) => csvField(k === "time" ? (row.time as Date).toISOString() : (row[k] as string | number | null))).join(","));
    if (out.length >= 50_000) {
      fs.writeSync(fd, `${out.join("\n")}\n`);
      out = [];
    }
  }
  if (out.length > 0) fs.writeSync(fd, `${out.join("\n")}\n`);
  fs.closeSync(fd);
  return Math.min(rowsWanted, base.length === 0 ? 0 : rowsWanted);
}

function psql(): string | null {
  for (const p of PSQL_CANDIDATES) if (spawnSync(p, ["--version"]).status === 0) return p;
  return null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lines: { type: "string", default: "1000000" }, "batch-mib": { type: "string", default: "4" } } });
  const target = Number(values.lines);
  const batchBytes = Number(values["batch-mib"]) * 1024 * 1024;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-ingest-e2e-"));
  const logFile = path.join(dir, "mail.log");
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
  try {
    const lines = generateLog(logFile, target);
    console.log(`generated ${lines.toLocaleString("en")} lines (${(fs.statSync(logFile).size / 1024 / 1024).toFixed(0)} MiB) from the postfix-logsums corpus`);

    // (a) parser only, and pflogsumm.
    runOurs(logFile);
    const parser = runOurs(logFile);
    const parserRate = parser.lines / parser.seconds;
    const pf = runPflogsumm(logFile);
    const pfRate = "error" in pf ? null : lines / pf.seconds;

    // The database: migrated, with pg-boss's schema and queues (the intake enqueues in its transaction).
    const admin = new pg.Client({ connectionString: server.url("postgres") });
    await admin.connect();
    await admin.query("create database bench");
    await admin.end();
    const url = server.url("bench");
    await migrate(url);
    const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
    await boss.start();
    await ensureQueues(boss);
    await boss.stop({ graceful: false, wait: true });
    process.env.DATABASE_URL = url;
    const db = createDb(url, { max: 4 });
    const org = await db.organization.create({ data: { name: "Bench", slug: "bench" } });
    const ceilingOrg = await db.organization.create({ data: { name: "Ceiling", slug: "ceiling" } });
    const eventsOrg = await db.organization.create({ data: { name: "Ceiling (events only)", slug: "ceiling-events" } });
    const ctx = { db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "bench" } };

    // (b) end to end, batch after batch, as a shipper would send them.
    const started = process.hrtime.bigint();
    let n = 0;
    let intakeNs = 0n;
    let processNs = 0n;
    for (const body of batches(logFile, batchBytes)) {
      const req = new Request(`http://127.0.0.1/api/v1/ingest/logs?source=mx&format=postfix`, { method: "POST", body: new Uint8Array(body), headers: { "idempotency-key": `bench-${n++}` } });
      const t0 = process.hrtime.bigint();
      const reply = await receiveLogs(ctx, req, { rateLimitPerMinute: 1_000_000 });
      if (reply.status !== 202) throw new Error(`intake answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      const t1 = process.hrtime.bigint();
      const r = await processLogBatch(db, { batchId: (reply.body as { id: string }).id });
      intakeNs += t1 - t0;
      processNs += process.hrtime.bigint() - t1;
      if (r.status !== "processed") throw new Error(`batch ${r.status}: ${r.error ?? ""}`);
    }
    const e2eSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const counts = await db.$queryRawUnsafe<{ events: bigint; rollup: bigint; lines: bigint }[]>(
      `select (select count(*) from "DeliveryEvent" where "orgId" = $1) as events,
              (select coalesce(sum("count"), 0) from "DeliveryRollup" where "orgId" = $1) as rollup,
              (select coalesce(sum("lines"), 0) from "LogSourceState" where "orgId" = $1) as lines`,
      org.id,
    );
    const c0 = counts[0];
    const e2eRate = lines / e2eSeconds;

    // (c) the ceiling: COPY of one pre-parsed row per line into the same table.
    const csv = path.join(dir, "rows.csv");
    writeCeilingCsv(csv, logFile, ceilingOrg.id, lines);
    const eventsCsv = path.join(dir, "events.csv");
    writeCeilingCsv(eventsCsv, logFile, eventsOrg.id, Number(c0?.events));
    const client = psql();
    const copy = (file: string): number => {
      if (!client) return NaN;
      const t0 = process.hrtime.bigint();
      const r = spawnSync(client, [url, "-v", "ON_ERROR_STOP=1", "-c", `\\copy "DeliveryEvent" (${COLUMNS.map((k) => `"${k}"`).join(", ")}) from '${file}' csv`], { encoding: "utf8", timeout: COPY_TIMEOUT_MS });
      if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr}`);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    const copySeconds = client ? copy(csv) : null;
    const copyEventsSeconds = client ? copy(eventsCsv) : null;
    await db.$disconnect();

    const fmt = (x: number) => Math.round(x).toLocaleString("en");
    console.log(`(a) parser only : ${parser.seconds.toFixed(2)} s  ${fmt(parserRate)} lines/s  (${parser.events.toLocaleString("en")} events, ${parser.unparsed.toLocaleString("en")} unparsed)`);
    console.log(`    pflogsumm   : ${"error" in pf ? pf.error : `${pf.seconds.toFixed(2)} s  ${fmt(pfRate ?? 0)} lines/s  → parser ${(parserRate / (pfRate ?? 1)).toFixed(1)} × pflogsumm (target ≥ 5 ×)`}`);
    console.log(
      `(b) end to end  : ${e2eSeconds.toFixed(2)} s  ${fmt(e2eRate)} lines/s  (${n} batches of ≤ ${values["batch-mib"]} MiB; ${Number(c0?.events).toLocaleString("en")} events, rollups sum ${Number(c0?.rollup).toLocaleString("en")}, ${Number(c0?.lines).toLocaleString("en")} lines processed; intake ${(Number(intakeNs) / 1e9).toFixed(1)} s, job ${(Number(processNs) / 1e9).toFixed(1)} s)`,
    );
    if (copySeconds === null) {
      console.log("(c) COPY ceiling: psql not found (apt-get install -y postgresql-client); no ceiling measured");
      process.exitCode = 1;
      return;
    }
    const copyRate = lines / copySeconds;
    const ratio = e2eRate / copyRate;
    console.log(`(c) COPY ceiling: ${copySeconds.toFixed(2)} s  ${fmt(copyRate)} rows/s  (psql \\copy of ${lines.toLocaleString("en")} pre-parsed rows, one per line)`);
    console.log(`end to end = ${(ratio * 100).toFixed(0)} % of the COPY ceiling (target ≥ 30 %) ${ratio >= 0.3 ? "MET" : "NOT MET"}`);
    // The same log represented only by the event rows it yields: COPY would then take this long for it.
    const eventsRate = lines / (copyEventsSeconds ?? NaN);
    console.log(
      `    for scale   : COPY of only the ${Number(c0?.events).toLocaleString("en")} event rows the pipeline wrote: ${(copyEventsSeconds ?? NaN).toFixed(2)} s, ` +
        `${fmt(eventsRate)} log lines/s equivalent; end to end = ${((e2eRate / eventsRate) * 100).toFixed(1)} % of that`,
    );
    if (Number(c0?.events) !== Number(c0?.rollup) || Number(c0?.lines) !== lines) {
      console.log("COUNT MISMATCH: events, rollups and processed lines must agree");
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
