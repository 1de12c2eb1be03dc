import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "@inboxwatch/services";
import { RAW_REPORT_MAX_BYTES } from "@inboxwatch/services/reports";

import * as intake from "./intake.ts";
import { replyOf } from "./testing.ts";

// Each call as the client sees it: refusals are thrown ServiceErrors, answered by errorResponse.
const receiveReport = (...args: Parameters<typeof intake.receiveReport>) => replyOf(intake.receiveReport(...args));

let t: TestDatabase;
let ctx: OrgContext;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = await t.db.organization.create({ data: { name: "Http", slug: "http-reports" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => t?.drop());

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/api/v1/ingest/reports", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("POST /api/v1/ingest/reports", () => {
  it("answers 202 once stored and 200 (same id) for the same bytes again", async () => {
    const xml = "<feedback><report_metadata><org_name>x</org_name></report_metadata></feedback>";
    const first = await receiveReport(ctx, post(xml), "API");
    expect(first.status).toBe(202);
    const again = await receiveReport(ctx, post(xml), "API");
    expect(again).toMatchObject({ status: 200, body: { id: (first.body as { id: string }).id, duplicate: true } });
    expect(await t.db.rawReport.count({ where: { orgId: ctx.orgId } })).toBe(1);
  });

  it("refuses a body over 25 MiB while it streams, before reading it all", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(chunk);
      },
    });
    const r = await receiveReport(ctx, post(endless), "UPLOAD");
    expect(r.status).toBe(413);
    expect(pulled).toBeLessThan(RAW_REPORT_MAX_BYTES / chunk.byteLength + 4);
  });

  it("refuses a declared Content-Length over the limit without reading, and an empty body with 400", async () => {
    expect((await receiveReport(ctx, post("x", { "content-length": String(RAW_REPORT_MAX_BYTES + 1) }), "API")).status).toBe(413);
    expect((await receiveReport(ctx, post(null), "API")).status).toBe(400);
  });
});
