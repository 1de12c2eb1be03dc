import { gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext, UnauthorizedError } from "@inboxwatch/services";
import { authenticateApiKey, createApiKey, revokeApiKey } from "@inboxwatch/services/apikey";
import { processLogBatch } from "@inboxwatch/services/ingest";

import { INGEST_MAX_INFLATED_BYTES, INGEST_MAX_REQUEST_BYTES } from "./body.ts";
import * as intake from "./intake.ts";
import { replyOf } from "./testing.ts";

// Each call as the client sees it: refusals are thrown ServiceErrors, answered by errorResponse.
const receiveLogs = (...args: Parameters<typeof intake.receiveLogs>) => replyOf(intake.receiveLogs(...args));
const receiveQueueSnapshot = (...args: Parameters<typeof intake.receiveQueueSnapshot>) => replyOf(intake.receiveQueueSnapshot(...args));

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;
const URL_LOGS = "http://127.0.0.1/api/v1/ingest/logs?source=mx1";
const LINE =
  "Mar  1 10:00:01 mx postfix/smtp[2]: ABC123: to=<a@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n";

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ctx = await newOrg("http");
});
afterAll(async () => t?.drop());

async function newOrg(slug: string): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}, url = URL_LOGS): Request {
  return new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("POST /api/v1/ingest/logs", () => {
  it("answers 202 once the batch is stored, and 200 with the original batch for a repeated Idempotency-Key", async () => {
    const first = await receiveLogs(ctx, post(LINE, { "content-type": "text/plain", "idempotency-key": "k-1" }));
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ batchId: "k-1", lines: 1, duplicate: false });
    const again = await receiveLogs(ctx, post(LINE, { "idempotency-key": "k-1" }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: (first.body as { id: string }).id, duplicate: true });
    expect(await t.db.rawLogBatch.count({ where: { orgId: ctx.orgId, batchId: "k-1" } })).toBe(1);
  });

  it("takes gzip and NDJSON", async () => {
    const ndjson = `${JSON.stringify({ email: "b@yahoo.com", timestamp: 1709287200, event: "bounce", status: "5.1.1", reason: "550 5.1.1 user unknown" })}\n`;
    const r = await receiveLogs(
      ctx,
      post(new Uint8Array(gzipSync(ndjson)), { "content-type": "application/x-ndjson", "content-encoding": "gzip" }),
    );
    expect(r.status).toBe(202);
    const row = await t.db.rawLogBatch.findUniqueOrThrow({ where: { id: (r.body as { id: string }).id } });
    expect(row.format).toBe("json");
    expect(await processLogBatch(sys(), { batchId: row.id })).toMatchObject({ lines: 1, inserted: 1 });
  });

  it("refuses a body over 5 MiB while it streams, before reading it all", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        if (pulled > 50) c.close();
        else c.enqueue(chunk);
      },
    });
    const r = await receiveLogs(ctx, post(endless));
    expect(r.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(Math.ceil(INGEST_MAX_REQUEST_BYTES / chunk.length) + 2);
    const declared = await receiveLogs(ctx, post("x", { "content-length": String(INGEST_MAX_REQUEST_BYTES + 1) }));
    expect(declared.status).toBe(413);
  });

  it("stops inflating a gzip bomb at 25 MiB with 413", async () => {
    const bomb = gzipSync(Buffer.alloc(INGEST_MAX_INFLATED_BYTES + 1024 * 1024, 0x61));
    expect(bomb.length).toBeLessThan(INGEST_MAX_REQUEST_BYTES);
    const r = await receiveLogs(ctx, post(new Uint8Array(bomb), { "content-encoding": "gzip" }));
    expect(r.status).toBe(413);
    expect(JSON.stringify(r.body)).toContain("inflates to more than");
  });

  it("answers 400 for truncated gzip and stores nothing", async () => {
    const before = await t.db.rawLogBatch.count({ where: { orgId: ctx.orgId } });
    const gz = gzipSync(LINE.repeat(100));
    const r = await receiveLogs(ctx, post(new Uint8Array(gz.subarray(0, gz.length - 12)), { "content-encoding": "gzip" }));
    expect(r).toMatchObject({ status: 400, body: { error: { code: "VALIDATION", message: "The gzip body is truncated" } } });
    const garbage = await receiveLogs(ctx, post("not gzip at all", { "content-encoding": "gzip" }));
    expect(garbage.status).toBe(400);
    expect(await receiveLogs(ctx, post("x", { "content-encoding": "br" }))).toMatchObject({
      status: 415,
      body: { error: { code: "UNSUPPORTED_MEDIA_TYPE" } },
    });
    expect(await t.db.rawLogBatch.count({ where: { orgId: ctx.orgId } })).toBe(before);
  });

  it("tolerates invalid UTF-8", async () => {
    const body = Buffer.concat([Buffer.from(LINE.replace("ABC123", "BAD999")), Buffer.from([0xc3, 0x28, 0xff, 0x0a])]);
    const r = await receiveLogs(ctx, post(new Uint8Array(body)));
    expect(r.status).toBe(202);
    expect(await processLogBatch(sys(), { batchId: (r.body as { id: string }).id })).toMatchObject({ lines: 2, inserted: 1, unparsed: 1 });
  });

  it("rate-limits per organization with 429 and Retry-After", async () => {
    const org = await newOrg("limited");
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await receiveLogs(org, post(LINE), { rateLimitPerMinute: 2 }));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 429]);
    expect(Number(replies[2]?.headers?.["retry-after"])).toBeGreaterThan(0);
  });

  it("rejects a bad source name with 400", async () => {
    expect(await receiveLogs(ctx, post(LINE, {}, "http://127.0.0.1/api/v1/ingest/logs?source=a%20b"))).toMatchObject({ status: 400 });
  });
});

describe("POST /api/v1/ingest/queue", () => {
  it("stores a snapshot once per source and time, and refuses what is not one", async () => {
    const snap = { source: "mx1", time: "2026-11-27T10:00:00Z", active: 3, deferred: 120, hold: 0, oldestAgeSeconds: 3600 };
    const url = "http://127.0.0.1/api/v1/ingest/queue";
    expect((await receiveQueueSnapshot(ctx, post(JSON.stringify(snap), {}, url))).status).toBe(202);
    expect((await receiveQueueSnapshot(ctx, post(JSON.stringify(snap), {}, url))).status).toBe(202);
    expect(await t.db.queueSnapshot.count({ where: { orgId: ctx.orgId } })).toBe(1);
    expect((await receiveQueueSnapshot(ctx, post(JSON.stringify({ active: -1 }), {}, url))).status).toBe(400);
    expect((await receiveQueueSnapshot(ctx, post("{", {}, url))).status).toBe(400);
  });
});

describe("API keys on the ingest path", () => {
  it("refuses a wrong key and a revoked key", async () => {
    const owner = { ...ctx, actor: { type: "SYSTEM" as const, label: "test" } };
    const key = await createApiKey(owner, { name: "postfix shipper", scopes: ["ingest"] });
    expect((await authenticateApiKey(sys(), { presented: key.key })).scopes).toEqual(["ingest"]);
    await expect(authenticateApiKey(sys(), { presented: `${key.key}x` })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticateApiKey(sys(), { presented: "not-a-key" })).rejects.toBeInstanceOf(UnauthorizedError);
    await revokeApiKey(owner, { id: key.id });
    await expect(authenticateApiKey(sys(), { presented: key.key })).rejects.toThrow("Invalid or revoked API key");
  });
});
