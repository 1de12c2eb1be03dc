/**
 * Fault test: PostgreSQL taken down twice while log batches are being posted through the HTTP intake and
 * processed as the worker does (`processLogBatch` right after each acknowledgement) — once by a fast
 * shutdown, once by SIGKILL of the postmaster (crash recovery on restart). Runs on its OWN embedded
 * PostgreSQL (temp data directory, free port) so the shared test server is not disturbed. Every request
 * ends either acknowledged (202/200) or with a clear 503; every 503 is resent with the same batch id
 * afterwards; the stored lines, events and rollups must then equal ground truth: nothing acknowledged is
 * lost, nothing is doubled. The restarts are driven by @inboxwatch/db/restart-testing.
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

import { type OrgContext, systemContext } from "@inboxwatch/services";
import { processLogBatch } from "@inboxwatch/services/ingest";

import { receiveLogs } from "./intake.ts";
import { replyOf } from "./testing.ts";

const BATCHES = 28;
const MESSAGES_PER_BATCH = 20;
/** Concurrent senders: several requests are in flight when the server goes down. */
const SENDERS = 4;

let server: EmbeddedPostgres;
let dataDir: string;
let url: string;
let db: Db;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-pg-restart-"));
  // Durable commits: the SIGKILL variant must not lose what the server acknowledged (restart-testing.ts).
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: 0, ephemeral: false });
  await server.createDatabase("ingest");
  url = server.url("ingest");
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

type Outcome = { kind: "acked"; status: number; id: string } | { kind: "error"; status: number | null; detail: string };

async function post(ctx: OrgContext, b: number): Promise<Outcome> {
  const req = new Request("http://localhost/api/v1/ingest/logs?source=mx1&format=postfix", {
    method: "POST",
    headers: { "idempotency-key": `batch-${b}`, "content-type": "text/plain" },
    body: batchText(b),
  });
  try {
    const reply = await replyOf(receiveLogs(ctx, req, { rateLimitPerMinute: 100_000 }));
    if (reply.status === 202 || reply.status === 200) return { kind: "acked", status: reply.status, id: (reply.body as { id: string }).id };
    return { kind: "error", status: reply.status, detail: JSON.stringify(reply.body) };
  } catch (err) {
    return { kind: "error", status: null, detail: (err as Error).message };
  }
}

describe.each<[TakeDown]>([["stop"], ["kill"]])("PostgreSQL taken down mid-ingest (%s)", (how) => {
  it("stores every acknowledged batch exactly once, answers 503 otherwise, and a resend with the same id completes it", async () => {
    const org = await db.organization.create({ data: { name: `Restart ${how}`, slug: `restart-${how}` } });
    const ctx: OrgContext = { db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const outcomes = new Map<number, Outcome>();
    const recoveriesBefore = crashRecoveries(server);
    const control = createRestartController(server, { downAfterAcks: [6, 16], how, ephemeral: false });
    let next = 0;

    const sender = async () => {
      while (next < BATCHES) {
        const b = next++;
        const o = await post(ctx, b);
        outcomes.set(b, o);
        if (o.kind === "error") {
          // Wait for the server to be back instead of burning through the queue against a dead socket.
          await control.failed();
          continue;
        }
        control.acknowledged();
        // The worker picks the job up at once; a failure here leaves it for pg-boss's retry (below).
        await processLogBatch(systemContext(db, "test"), { batchId: o.id }).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await control.settle();
    server = control.server;
    expect(control.restarts).toBe(2);
    // A killed server came back through crash recovery (WAL replay); a stopped one did not need it.
    expect(crashRecoveries(server) - recoveriesBefore).toBe(how === "kill" ? 2 : 0);

    const errors = [...outcomes.values()].filter((o) => o.kind === "error");
    expect(errors.length).toBeGreaterThanOrEqual(2);
    // Every failure is the clear one: 503 with a resend instruction, never a thrown 500.
    for (const e of errors) expect(e).toMatchObject({ kind: "error", status: 503 });

    // The client resends what was not acknowledged, with the same batch id.
    for (const [b, o] of outcomes) {
      if (o.kind === "acked") continue;
      const again = await post(ctx, b);
      expect(again.kind).toBe("acked");
      outcomes.set(b, again);
    }
    expect(outcomes.size).toBe(BATCHES);

    // pg-boss's retries: every batch a crash left PENDING is processed again.
    for (const row of await db.rawLogBatch.findMany({ where: { orgId: ctx.orgId, status: "PENDING" }, select: { id: true } })) {
      await processLogBatch(systemContext(db, "test"), { batchId: row.id });
    }
    const batches = await db.rawLogBatch.findMany({
      where: { orgId: ctx.orgId },
      select: { id: true, batchId: true, lineCount: true, status: true },
    });
    expect(batches.length).toBe(BATCHES);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(BATCHES);
    expect(batches.reduce((n, b) => n + b.lineCount, 0)).toBe(BATCHES * MESSAGES_PER_BATCH * 2);
    expect(batches.every((b) => b.status === "PROCESSED")).toBe(true);
    expect(await db.deliveryEvent.count({ where: { orgId: ctx.orgId } })).toBe(BATCHES * MESSAGES_PER_BATCH);
    expect((await db.deliveryRollup.aggregate({ where: { orgId: ctx.orgId }, _sum: { count: true } }))._sum.count).toBe(
      BATCHES * MESSAGES_PER_BATCH,
    );
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from pgboss.job where name = 'ingest.process-batch' and data->>'batchId' = any($1::text[])`,
      batches.map((b) => b.id),
    );
    expect(Number(jobs[0]?.n)).toBe(BATCHES);
  }, 60_000);
});
