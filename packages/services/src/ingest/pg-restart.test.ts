/**
 * Fault test: PostgreSQL restarted (twice) while log batches are being posted through the HTTP intake.
 * Runs on its OWN embedded PostgreSQL (temp data directory, free port) so the shared test server is not
 * disturbed. Every request ends either acknowledged (202/200) or with a clear 503; every 503 is resent
 * with the same batch id afterwards; the stored lines, events and rollups must then equal ground truth.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "@inboxwatch/db";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@inboxwatch/db/embedded";
import { migrate } from "@inboxwatch/db/migrate";
import { prepareQueues } from "@inboxwatch/jobs";

import { type OrgContext } from "../context.ts";
import { receiveLogs } from "./http-intake.ts";
import { processLogBatch } from "./process-batch.ts";

const BATCHES = 28;
const MESSAGES_PER_BATCH = 20;
/** Concurrent senders: several requests are in flight when the server goes down. */
const SENDERS = 4;

let server: EmbeddedPostgres;
let dataDir: string;
let url: string;
let db: Db;
let ctx: OrgContext;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-pg-restart-"));
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: 0, ephemeral: true });
  await server.createDatabase("ingest");
  url = server.url("ingest");
  await migrate(url);
  await prepareQueues(url);
  // sendJob's pg-boss handle is created from DATABASE_URL on first use in this test process.
  process.env.DATABASE_URL = url;
  db = createDb(url, { max: 6 });
  const org = await db.organization.create({ data: { name: "Restart", slug: "restart" } });
  ctx = { db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.env.DATABASE_URL = savedUrl;
});

function batchText(b: number): string {
  const lines: string[] = [];
  for (let m = 0; m < MESSAGES_PER_BATCH; m++) {
    const id = `R${String(b).padStart(3, "0")}${String(m).padStart(5, "0")}`;
    const time = `11:${String(b % 60).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    lines.push(
      `Mar  1 ${time} mx postfix/qmgr[1]: ${id}: from=<news@brand.example>, size=100, nrcpt=1 (queue active)`,
      `Mar  1 ${time} mx postfix/smtp[2]: ${id}: to=<r${b}.${m}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1, delays=0.1/0.1/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

type Outcome = { kind: "acked"; status: number } | { kind: "error"; status: number | null; detail: string };

async function post(b: number): Promise<Outcome> {
  const req = new Request("http://localhost/api/v1/ingest/logs?source=mx1&format=postfix", {
    method: "POST",
    headers: { "idempotency-key": `batch-${b}`, "content-type": "text/plain" },
    body: batchText(b),
  });
  try {
    const reply = await receiveLogs(ctx, req, { rateLimitPerMinute: 100_000 });
    if (reply.status === 202 || reply.status === 200) return { kind: "acked", status: reply.status };
    return { kind: "error", status: reply.status, detail: JSON.stringify(reply.body) };
  } catch (err) {
    return { kind: "error", status: null, detail: (err as Error).message };
  }
}

/** A promise with its resolver, to wait for an event without polling or sleeping. */
function signal() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("PostgreSQL restarted mid-ingest", () => {
  it("stores every acknowledged batch exactly once, answers 503 otherwise, and a resend with the same id completes it", async () => {
    const outcomes = new Map<number, Outcome>();
    let acked = 0;
    let failedWhileDown = 0;
    let up = signal();
    up.resolve();
    let stopAfterAcks = [6, 16];
    let restartAfterFailures = 0;
    let wakeController = signal();
    let next = 0;

    const sender = async () => {
      while (next < BATCHES) {
        const b = next++;
        const o = await post(b);
        outcomes.set(b, o);
        if (o.kind === "acked") acked++;
        else {
          failedWhileDown++;
          // Wait for the server to be back instead of burning through the queue against a dead socket.
          wakeController.resolve();
          await up.promise;
          continue;
        }
        wakeController.resolve();
      }
    };

    const controller = async () => {
      let restarts = 0;
      while (restarts < 2) {
        await wakeController.promise;
        wakeController = signal();
        if (stopAfterAcks.length > 0 && acked >= (stopAfterAcks[0] ?? Infinity)) {
          stopAfterAcks = stopAfterAcks.slice(1);
          up = signal();
          restartAfterFailures = failedWhileDown + 2;
          // Fast shutdown: in-flight transactions are aborted, connections terminated (SQLSTATE 57P01).
          await server.stop();
        } else if (restartAfterFailures > 0 && failedWhileDown >= restartAfterFailures) {
          restartAfterFailures = 0;
          server = await startEmbeddedPostgres({ dataDir: server.dataDir, port: server.port, ephemeral: true });
          restarts++;
          up.resolve();
        }
        if (next >= BATCHES && restartAfterFailures === 0 && stopAfterAcks.length > 0) break;
      }
    };

    await Promise.all([controller(), ...Array.from({ length: SENDERS }, sender)]);
    up.resolve();

    const errors = [...outcomes.values()].filter((o) => o.kind === "error");
    expect(errors.length).toBeGreaterThanOrEqual(2);
    // Every failure is the clear one: 503 with a resend instruction, never a thrown 500.
    for (const e of errors) expect(e).toMatchObject({ kind: "error", status: 503 });

    // The client resends what was not acknowledged, with the same batch id.
    for (const [b, o] of outcomes) {
      if (o.kind === "acked") continue;
      const again = await post(b);
      expect(again.kind).toBe("acked");
      outcomes.set(b, again);
    }
    expect(outcomes.size).toBe(BATCHES);

    for (const row of await db.rawLogBatch.findMany({ where: { orgId: ctx.orgId, status: "PENDING" }, select: { id: true } })) {
      await processLogBatch(db, { batchId: row.id });
    }
    const batches = await db.rawLogBatch.findMany({ where: { orgId: ctx.orgId }, select: { batchId: true, lineCount: true, status: true } });
    expect(batches.length).toBe(BATCHES);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(BATCHES);
    expect(batches.reduce((n, b) => n + b.lineCount, 0)).toBe(BATCHES * MESSAGES_PER_BATCH * 2);
    expect(batches.every((b) => b.status === "PROCESSED")).toBe(true);
    expect(await db.deliveryEvent.count({ where: { orgId: ctx.orgId } })).toBe(BATCHES * MESSAGES_PER_BATCH);
    expect((await db.deliveryRollup.aggregate({ where: { orgId: ctx.orgId }, _sum: { count: true } }))._sum.count).toBe(BATCHES * MESSAGES_PER_BATCH);
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from pgboss.job where name = 'ingest.process-batch'`);
    expect(Number(jobs[0]?.n)).toBe(BATCHES);
  }, 60_000);
});
