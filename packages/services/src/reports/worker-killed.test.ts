// Fault test: the worker killed (SIGKILL) while it is storing a report that spans several insert batches.
// Processing runs in one transaction, so the kill leaves nothing behind but the PENDING raw report; the
// retried job (pg-boss hands it out again after its expiry) stores it exactly once.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { syntheticAggregateGzip } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { ingestReport } from "./ingest.ts";
import { processRawReport } from "./process.ts";
import { systemContext } from "../context.ts";

/** More than one insert batch (REPORT_RECORD_BATCH), so the report takes the streaming path that writes before it ends. */
const RECORDS = 2_500;
/** How long PostgreSQL may take to notice the closed socket and roll back (immediate in practice). */
const ROLLBACK_DEADLINE_MS = 30_000;
/** Pause between polls of pg_stat_activity, so polling does not compete with the child for the CPU. */
const POLL_INTERVAL_MS = 10;

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let child: ChildProcess | undefined;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await t?.drop();
});

const pause = () => new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));

async function backendAlive(pid: number): Promise<boolean> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from pg_stat_activity where pid = $1`, pid);
  return Number(rows[0]?.n ?? 0) > 0;
}

describe("worker killed mid-ingest", () => {
  it("a SIGKILL during processing leaves no partial rows; the retry stores the report once", async () => {
    const org = await t.db.organization.create({ data: { name: "Killed", slug: "killed" } });
    const ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "test" } };
    const raw = await ingestReport(ctx, { bytes: syntheticAggregateGzip({ seed: 4242, records: RECORDS }), channel: "SMTP" });

    let output = "";
    let onOutput = () => {};
    const written = new Promise<void>((resolve) => (onOutput = resolve));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => {
      // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL would miss.
      child = spawn(
        process.execPath,
        ["--import", "tsx", path.join(import.meta.dirname, "process-child.testing.ts"), t.url, org.id, raw.id],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        onOutput();
      });
      child.once("exit", (_code, signal) => {
        onOutput();
        resolve(signal);
      });
    });

    // The child has written records inside its open transaction: kill it there.
    await written;
    expect(output).toBe("batch written\n");
    const [backend] = await t.db.$queryRawUnsafe<{ pid: number }[]>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`,
    );
    expect(backend).toBeDefined();
    child?.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // PostgreSQL sees the socket close and rolls the transaction back.
    for (const deadline = Date.now() + ROLLBACK_DEADLINE_MS; (await backendAlive(backend!.pid)) && Date.now() < deadline;) await pause();
    expect(await backendAlive(backend!.pid)).toBe(false);
    expect(await t.db.dmarcRecord.count({ where: { orgId: org.id } })).toBe(0);
    expect(await t.db.dmarcReport.count({ where: { orgId: org.id } })).toBe(0);
    expect((await t.db.rawReport.findUniqueOrThrow({ where: { id: raw.id } })).status).toBe("PENDING");

    // The job runs again (pg-boss retries it after its expiry) and stores the report once.
    expect(await processRawReport(sys(), { orgId: org.id, rawReportId: raw.id })).toEqual({ status: "PARSED" });
    expect(await processRawReport(sys(), { orgId: org.id, rawReportId: raw.id })).toEqual({ status: "SKIPPED" });
    expect(await t.db.dmarcReport.count({ where: { orgId: org.id } })).toBe(1);
    expect(await t.db.dmarcRecord.count({ where: { orgId: org.id } })).toBe(RECORDS);
  }, 120_000);
});
