// Fault test: a worker process SIGKILLed in the middle of a log batch and of a report batch (real pg-boss,
// real PostgreSQL, the real worker in a child process that hangs mid-batch: worker-child.testing.ts). A
// second worker, already running, must get both batches within a minute — the job lease
// (job-lease.ts), not the queues' 10 and 15 minute expiries — and every row must be stored exactly once.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { ingestReport } from "@inboxwatch/services/reports";

import { receiveLogs } from "../../../packages/api/src/rest/intake.ts";
import { syntheticAggregateGzip } from "../../../packages/deliverability/src/reports/synthetic-aggregate.ts";
import { eventually } from "./testing.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

/** The finding's bound: a batch of a dead worker is processed again within a minute. */
const RECOVERY_DEADLINE_MS = 60_000;
const MESSAGES = 200;
const SMALL_REPORTS = 4;
const SMALL_RECORDS = 20;
/** More than one insert batch of records (REPORT_RECORD_BATCH = 1000): the report takes the transactional path. */
const LARGE_RECORDS = 1_500;

let t: TestDatabase;
let child: ChildProcess | undefined;
let survivor: RunningWorker | undefined;
let dns: TestDnsServer;
beforeAll(async () => {
  t = await createTestDatabase();
  // sendJob's pg-boss handle (the intake's enqueue) is created from DATABASE_URL.
  process.env.DATABASE_URL = t.url;
  // The follow-up naming job looks up the reports' source IPs: an empty loopback zone answers at once
  // (the system resolvers would time out, and the survivor's graceful stop would wait for them).
  dns = await startTestDnsServer({});
  process.env.DNS_SERVERS = dns.address;
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await survivor?.stop();
  await dns?.close();
  await t?.drop();
});

function logBatch(): string {
  const lines: string[] = [];
  for (let m = 0; m < MESSAGES; m++) {
    const id = `K${String(m).padStart(6, "0")}`;
    const time = `10:${String(Math.floor(m / 60) % 60).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    lines.push(
      `Mar  2 ${time} mx postfix/qmgr[1]: ${id}: from=<news@brand.example>, size=100, nrcpt=1 (queue active)`,
      `Mar  2 ${time} mx postfix/smtp[2]: ${id}: to=<k${m}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1, delays=0.1/0.1/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Starts the hanging worker; resolves once it hangs in both batches. */
function startHangingWorker(): Promise<{ exited: Promise<NodeJS.Signals | null> }> {
  return new Promise((resolve, reject) => {
    let output = "";
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL would miss.
    const proc = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "worker-child.testing.ts"), t.url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = proc;
    const exited = new Promise<NodeJS.Signals | null>((done) => proc.once("exit", (_code, signal) => done(signal)));
    void exited.then(() => reject(new Error(`the worker exited before hanging; it said: ${output}`)));
    proc.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("hung ingest.process-batch") && output.includes("hung reports.process")) resolve({ exited });
    });
  });
}

describe("worker killed mid-batch", () => {
  it("a second worker processes the dead worker's log and report batches within a minute, exactly once", async () => {
    const org = await t.db.organization.create({ data: { name: "Killed worker", slug: "killed-worker" } });
    const ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "test" } };
    const reply = await receiveLogs(
      ctx,
      new Request("http://localhost/api/v1/ingest/logs?source=mx1&format=postfix", {
        method: "POST",
        headers: { "idempotency-key": "killed-1", "content-type": "text/plain" },
        body: logBatch(),
      }),
      { rateLimitPerMinute: 100_000 },
    );
    expect(reply.status).toBe(202);
    for (let i = 0; i < SMALL_REPORTS; i++)
      await ingestReport(ctx, { bytes: syntheticAggregateGzip({ seed: 9100 + i, records: SMALL_RECORDS }), channel: "SMTP" });
    await ingestReport(ctx, { bytes: syntheticAggregateGzip({ seed: 9200, records: LARGE_RECORDS }), channel: "SMTP" });

    const { exited } = await startHangingWorker();
    // The small reports of the batch were committed before the large one hung: the batch is half done.
    expect(await t.db.rawReport.count({ where: { orgId: org.id, status: "PARSED" } })).toBe(SMALL_REPORTS);
    survivor = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 2, log: () => {} });

    const killedAt = Date.now();
    child?.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const logsAt = eventually(
      async () => (await t.db.rawLogBatch.count({ where: { orgId: org.id, status: "PROCESSED" } })) === 1 && Date.now(),
      RECOVERY_DEADLINE_MS,
    );
    const reportsAt = eventually(
      async () => (await t.db.rawReport.count({ where: { orgId: org.id, status: { not: "PARSED" } } })) === 0 && Date.now(),
      RECOVERY_DEADLINE_MS,
    );
    const [logsRecoveredMs, reportsRecoveredMs] = (await Promise.all([logsAt, reportsAt])).map((at) => at - killedAt);
    console.log(
      `time to recover after SIGKILL: log batch ${(logsRecoveredMs! / 1000).toFixed(1)} s, report batch ${(reportsRecoveredMs! / 1000).toFixed(1)} s`,
    );
    expect(logsRecoveredMs).toBeLessThan(RECOVERY_DEADLINE_MS);
    expect(reportsRecoveredMs).toBeLessThan(RECOVERY_DEADLINE_MS);

    // Exactly once: counts equal ground truth.
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.id } })).toBe(MESSAGES);
    expect((await t.db.deliveryRollup.aggregate({ where: { orgId: org.id }, _sum: { count: true } }))._sum.count).toBe(MESSAGES);
    expect(await t.db.dmarcReport.count({ where: { orgId: org.id } })).toBe(SMALL_REPORTS + 1);
    expect(await t.db.dmarcRecord.count({ where: { orgId: org.id } })).toBe(SMALL_REPORTS * SMALL_RECORDS + LARGE_RECORDS);
    // Every job ends completed, never dead-lettered. pg-boss marks a job completed just after its handler's
    // rows are committed; a job whose lease a loaded survivor overran waits in "retry" for one more
    // (idempotent, empty) run, so wait for completion rather than for "not active".
    const jobs = await eventually(async () => {
      const rows = await t.db.$queryRawUnsafe<{ name: string; state: string; retry_count: number }[]>(
        `select name, state::text as state, retry_count from pgboss.job where name in ('ingest.process-batch', 'reports.process') order by name`,
      );
      return rows.every((j) => j.state === "completed" || j.state === "failed") && rows;
    }, RECOVERY_DEADLINE_MS);
    expect(jobs).toHaveLength(1 + SMALL_REPORTS + 1);
    // Every job completed after being handed out again. Usually exactly once more; on a loaded box a
    // survivor whose event loop stalls past its lease may be handed a job a third time, which the
    // idempotent handlers absorb (the ground-truth counts above are what "exactly once" means).
    expect(jobs.filter((j) => j.state !== "completed" || j.retry_count < 1)).toEqual([]);
  }, 180_000);
});
