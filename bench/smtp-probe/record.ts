/**
 * Probe recording benchmark (embedded PostgreSQL in a temp directory, loopback only, bounded loops):
 *  (d) probe results stored per second, 25 jobs at once as in one worker process (probes-run.ts), through
 *      the batch recorder (group commit: one multi-row INSERT per batch, services/probes/recorder.ts)
 *      beside the anchor, one transaction per result (recordProbe, the path before batching).
 * One real STARTTLS probe of a local smtp-server gives the stored result; every stored row is that result
 * for another monitor and slot, so only the database side is measured.
 * Run: npx tsx bench/smtp-probe/record.ts   (env: MONITORS=500 ROUNDS=2 JOBS=25)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";

import { createDb, type Db } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { parseAllowlist } from "../../packages/deliverability/src/net/egress-guard.ts";
import { probeSmtp, type ProbeResult } from "../../packages/deliverability/src/smtp/index.ts";
import { makeCertificate, startSmtpServer } from "../../packages/deliverability/src/smtp/test-peers.ts";
import { ensureQueues, PgBoss } from "../../packages/jobs/src/index.ts";
import { type Monitor } from "../../packages/db/src/index.ts";
import { recordProbe } from "../../packages/services/src/probes/record.ts";
import {
  createProbeRecorder,
  PROBE_RECORD_TX_MAX_WAIT_MS,
  PROBE_RECORD_TX_TIMEOUT_MS,
} from "../../packages/services/src/probes/recorder.ts";
import { systemContext } from "@inboxwatch/services";

const MONITORS = Number(process.env.MONITORS ?? "500");
const ROUNDS = Number(process.env.ROUNDS ?? "2");
/** probes.run jobs one worker process runs at once (packages/jobs/src/definitions/probes-run.ts). */
const JOBS = Number(process.env.JOBS ?? "25");

/** The anchor gets the recorder's transaction limits, so both sides fail (or not) alike under load. */
const TX_OPTIONS = { maxWait: PROBE_RECORD_TX_MAX_WAIT_MS, timeout: PROBE_RECORD_TX_TIMEOUT_MS };

/** Runs `fn` over `items` with at most `limit` in flight, like a worker's pollers. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await fn(item);
      }
    }),
  );
}

async function monitorsFor(db: Db, slug: string): Promise<Monitor[]> {
  const org = await db.organization.create({ data: { name: slug, slug } });
  const servers = Array.from({ length: MONITORS }, (_, i) => ({
    orgId: org.id,
    hostname: `mx${i}.${slug}.test`,
    port587: false,
    port465: false,
  }));
  await db.mailServer.createMany({ data: servers });
  const rows = await db.mailServer.findMany({ where: { orgId: org.id }, select: { id: true } });
  await db.monitor.createMany({
    data: rows.map((s) => ({ orgId: org.id, serverId: s.id, port: 25, mode: "starttls" as const, stateReasons: [] })),
  });
  return db.monitor.findMany({ where: { orgId: org.id } });
}

async function measure(
  label: string,
  db: Db,
  monitors: Monitor[],
  store: (m: Monitor, slot: Date, result: ProbeResult) => Promise<unknown>,
  sample: ProbeResult,
): Promise<number> {
  const t0 = performance.now();
  let stored = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const slot = new Date(Date.UTC(2026, 10, 28, 0, round));
    const result = { ...sample, startedAt: slot.toISOString() };
    await pool(monitors, JOBS, async (m) => {
      await store(m, slot, result);
      stored++;
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const rows = await db.probeResult.count({ where: { monitorId: { in: monitors.map((m) => m.id) } } });
  if (rows !== stored) throw new Error(`${label}: ${rows} rows for ${stored} results`);
  return stored / seconds;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-probe-record-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
  const { key, cert } = makeCertificate("bench.example");
  const peer = await startSmtpServer({ key, cert, authOptional: true, logger: false });
  try {
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
    const db = createDb(url, { max: JOBS + 2 });

    const sample = await probeSmtp(
      { host: "127.0.0.1", port: peer.port, mode: "starttls" },
      { egressPolicy: { allow: parseAllowlist("127.0.0.0/8") }, helo: "bench.client" },
    );
    if (sample.outcome.kind !== "ok") throw new Error(`sample probe: ${JSON.stringify(sample.outcome)}`);

    const single = await measure(
      "single",
      db,
      await monitorsFor(db, "single"),
      (m, slot, result) => db.$transaction((tx) => recordProbe({ db: tx }, { monitor: m, slot, result, now: slot }), TX_OPTIONS),
      sample,
    );
    const recorder = createProbeRecorder(systemContext(db, "bench"));
    const batched = await measure(
      "batched",
      db,
      await monitorsFor(db, "batched"),
      (m, slot, result) => recorder.record({ monitor: m, slot, result, now: slot }),
      sample,
    );
    const perBatch = recorder.stats.results / Math.max(1, recorder.stats.batches);
    console.log(`(d) ${MONITORS} monitors × ${ROUNDS} rounds, ${JOBS} jobs at once; embedded PostgreSQL (fsync off)`);
    console.log(
      `    batch recorder: ${batched.toFixed(0)} results/s (${recorder.stats.batches} batches, ${perBatch.toFixed(1)} results per batch, ${recorder.stats.fallbacks} fallbacks)`,
    );
    console.log(`    anchor, one transaction per result: ${single.toFixed(0)} results/s`);
    console.log(`    ratio ${(batched / single).toFixed(2)}×   load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`);
    await db.$disconnect();
  } finally {
    await peer.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
