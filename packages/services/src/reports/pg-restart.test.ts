/**
 * Fault test: PostgreSQL restarted (twice) while reports are being delivered and processed, the way the
 * SMTP/IMAP/REST intake and the worker do it: `ingestReport`, then the worker's batch path
 * `processRawReports` (one report per batch while deliveries run, all the leftovers in one batch after). Runs on its OWN
 * embedded PostgreSQL (temp data directory, free port) so the shared test server is not disturbed.
 * A delivery either returns (acknowledged: the sender stops) or throws (the sender retries later, as an
 * MTA does after a 451); processing that fails is retried as pg-boss would. Afterwards every report is
 * stored and counted exactly once: zero lost, zero duplicated. Approach of ingest/pg-restart.test.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "@inboxwatch/db";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@inboxwatch/db/embedded";
import { migrate } from "@inboxwatch/db/migrate";
import { prepareQueues } from "@inboxwatch/jobs";

import { syntheticAggregateGzip } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { type OrgContext } from "../context.ts";
import { ingestReport } from "./ingest.ts";
import { processRawReports } from "./process.ts";

const REPORTS = 24;
const RECORDS_PER_REPORT = 8;
/** Concurrent deliveries: several are in flight when the server goes down. */
const SENDERS = 4;
/** Deliveries of one report before the test gives up (two restarts need a handful at most). */
const MAX_ATTEMPTS = 20;

let server: EmbeddedPostgres;
let dataDir: string;
let db: Db;
let ctx: OrgContext;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-pg-restart-reports-"));
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: 0, ephemeral: true });
  await server.createDatabase("reports");
  const url = server.url("reports");
  await migrate(url);
  await prepareQueues(url);
  // sendJob's pg-boss handle is created from DATABASE_URL on first use in this test process.
  process.env.DATABASE_URL = url;
  db = createDb(url, { max: 6 });
  const org = await db.organization.create({ data: { name: "Restart reports", slug: "restart-reports" } });
  ctx = { db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.env.DATABASE_URL = savedUrl;
});

/** A promise with its resolver, to wait for an event without polling or sleeping. */
function signal() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const reportBytes = Array.from({ length: REPORTS }, (_, i) => syntheticAggregateGzip({ seed: 7000 + i, records: RECORDS_PER_REPORT }));

describe("PostgreSQL restarted mid-ingest of reports", () => {
  it("stores and counts every report exactly once across two restarts; every failure is a retryable error", async () => {
    const acknowledged = new Map<number, string>();
    const unprocessed = new Set<string>();
    let failures = 0;
    let up = signal();
    up.resolve();
    let stopAfterAcks = [6, 16];
    let restartAfterFailures = 0;
    let wakeController = signal();
    let next = 0;

    async function deliver(i: number): Promise<boolean> {
      try {
        const stored = await ingestReport(ctx, { bytes: reportBytes[i]!, channel: "SMTP" });
        acknowledged.set(i, stored.id);
      } catch {
        return false;
      }
      // The worker picks the job up at once; a failure here leaves the job to be retried.
      try {
        await processRawReports(db, { items: [{ orgId: ctx.orgId, rawReportId: acknowledged.get(i)! }] });
      } catch {
        unprocessed.add(acknowledged.get(i)!);
      }
      return true;
    }

    const sender = async () => {
      while (next < REPORTS) {
        const i = next++;
        // The MTA keeps a message that was not acknowledged and retries it once the server is back.
        for (let attempt = 0; !(await deliver(i)); attempt++) {
          if (attempt >= MAX_ATTEMPTS) throw new Error(`report ${i} still not stored after ${MAX_ATTEMPTS} attempts`);
          failures++;
          wakeController.resolve();
          await up.promise;
        }
        wakeController.resolve();
      }
    };

    const controller = async () => {
      let restarts = 0;
      while (restarts < 2) {
        await wakeController.promise;
        wakeController = signal();
        if (stopAfterAcks.length > 0 && acknowledged.size >= (stopAfterAcks[0] ?? Infinity)) {
          stopAfterAcks = stopAfterAcks.slice(1);
          up = signal();
          restartAfterFailures = failures + 2;
          // Fast shutdown: in-flight transactions are aborted, connections terminated (SQLSTATE 57P01).
          await server.stop();
        } else if (restartAfterFailures > 0 && failures >= restartAfterFailures) {
          restartAfterFailures = 0;
          server = await startEmbeddedPostgres({ dataDir: server.dataDir, port: server.port, ephemeral: true });
          restarts++;
          up.resolve();
        }
        if (next >= REPORTS && restartAfterFailures === 0 && stopAfterAcks.length > 0) break;
      }
    };

    await Promise.all([controller(), ...Array.from({ length: SENDERS }, sender)]);
    up.resolve();
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(acknowledged.size).toBe(REPORTS);

    // pg-boss retries the processing jobs that failed; anything a crash left PENDING is picked up too.
    const pending = await db.rawReport.findMany({ where: { orgId: ctx.orgId, status: "PENDING" }, select: { id: true } });
    const leftovers = [...new Set([...unprocessed, ...pending.map((p) => p.id)])].map((rawReportId) => ({ orgId: ctx.orgId, rawReportId }));
    await processRawReports(db, { items: leftovers });

    const raws = await db.rawReport.findMany({ where: { orgId: ctx.orgId }, select: { status: true, sha256: true } });
    expect(raws).toHaveLength(REPORTS);
    expect(raws.every((r) => r.status === "PARSED")).toBe(true);
    expect(await db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(REPORTS);
    expect(await db.dmarcRecord.count({ where: { orgId: ctx.orgId } })).toBe(REPORTS * RECORDS_PER_REPORT);
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from pgboss.job where name = 'reports.process'`);
    expect(Number(jobs[0]?.n)).toBe(REPORTS);
  }, 90_000);
});
