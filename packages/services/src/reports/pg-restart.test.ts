/**
 * Fault test: PostgreSQL taken down twice while reports are being delivered and processed, the way the
 * SMTP/IMAP/REST intake and the worker do it: `ingestReport`, then the worker's batch path
 * `processRawReports` (one report per batch while deliveries run, all the leftovers in one batch after) —
 * once by a fast shutdown, once by SIGKILL of the postmaster (crash recovery on restart). Runs on its OWN
 * embedded PostgreSQL (temp data directory, free port) so the shared test server is not disturbed.
 * A delivery either returns (acknowledged: the sender stops) or throws (the sender retries later, as an
 * MTA does after a 451); processing that fails is retried as pg-boss would. Afterwards every report is
 * stored and counted exactly once: zero lost, zero duplicated. The restarts are driven by
 * @inboxwatch/db/restart-testing, like ingest/pg-restart.test.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "@inboxwatch/db";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@inboxwatch/db/embedded";
import { migrate } from "@inboxwatch/db/migrate";
import { crashRecoveries, createRestartController, type TakeDown } from "@inboxwatch/db/restart-testing";
import { prepareQueues } from "@inboxwatch/jobs";

import { syntheticAggregateGzip } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { type OrgContext, systemContext } from "../context.ts";
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
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-pg-restart-reports-"));
  // Durable commits: the SIGKILL variant must not lose what the server acknowledged (restart-testing.ts).
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: 0, ephemeral: false });
  await server.createDatabase("reports");
  const url = server.url("reports");
  await migrate(url);
  await prepareQueues(url);
  // sendJob's pg-boss handle is created from DATABASE_URL on first use in this test process.
  process.env.DATABASE_URL = url;
  db = createDb(url, { max: 6 });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.env.DATABASE_URL = savedUrl;
});

const reportBytes = Array.from({ length: REPORTS }, (_, i) => syntheticAggregateGzip({ seed: 7000 + i, records: RECORDS_PER_REPORT }));

describe.each<[TakeDown]>([["stop"], ["kill"]])("PostgreSQL taken down mid-ingest of reports (%s)", (how) => {
  it("stores and counts every report exactly once across two restarts; every failure is a retryable error", async () => {
    const org = await db.organization.create({ data: { name: `Restart reports ${how}`, slug: `restart-reports-${how}` } });
    const ctx: OrgContext = { db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const acknowledged = new Map<number, string>();
    const unprocessed = new Set<string>();
    const recoveriesBefore = crashRecoveries(server);
    const control = createRestartController(server, { downAfterAcks: [6, 16], how, ephemeral: false });
    let failures = 0;
    let next = 0;

    async function deliver(i: number): Promise<boolean> {
      try {
        const stored = await ingestReport(ctx, { bytes: reportBytes[i]!, channel: "SMTP" });
        acknowledged.set(i, stored.id);
      } catch {
        return false;
      }
      control.acknowledged();
      // The worker picks the job up at once; a failure here leaves the job to be retried.
      try {
        await processRawReports(systemContext(db, "test"), { items: [{ orgId: ctx.orgId, rawReportId: acknowledged.get(i)! }] });
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
          await control.failed();
        }
      }
    };

    await Promise.all(Array.from({ length: SENDERS }, sender));
    await control.settle();
    server = control.server;
    expect(control.restarts).toBe(2);
    // A killed server came back through crash recovery (WAL replay); a stopped one did not need it.
    expect(crashRecoveries(server) - recoveriesBefore).toBe(how === "kill" ? 2 : 0);
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(acknowledged.size).toBe(REPORTS);

    // pg-boss retries the processing jobs that failed; anything a crash left PENDING is picked up too.
    const pending = await db.rawReport.findMany({ where: { orgId: ctx.orgId, status: "PENDING" }, select: { id: true } });
    const leftovers = [...new Set([...unprocessed, ...pending.map((p) => p.id)])].map((rawReportId) => ({ orgId: ctx.orgId, rawReportId }));
    await processRawReports(systemContext(db, "test"), { items: leftovers });

    const raws = await db.rawReport.findMany({ where: { orgId: ctx.orgId }, select: { status: true, sha256: true } });
    expect(raws).toHaveLength(REPORTS);
    expect(raws.every((r) => r.status === "PARSED")).toBe(true);
    expect(await db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(REPORTS);
    expect(await db.dmarcRecord.count({ where: { orgId: ctx.orgId } })).toBe(REPORTS * RECORDS_PER_REPORT);
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from pgboss.job where name = 'reports.process' and data->>'orgId' = $1`,
      ctx.orgId,
    );
    expect(Number(jobs[0]?.n)).toBe(REPORTS);
  }, 90_000);
});
