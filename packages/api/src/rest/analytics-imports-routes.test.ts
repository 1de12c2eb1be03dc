/**
 * The import endpoints through their route handlers with real API keys: JSON rows imported or refused
 * with line numbers (422, nothing written), a CSV body streamed into a PENDING import, scopes (401, 403)
 * and another organization's import not found.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";

import { openApiDocument } from "./openapi.ts";
import { testRestRoutes } from "./testing.ts";

let t: TestDatabase;
let keys: { a: string; b: string; readOnly: string };
let spool: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  spool = fs.mkdtempSync(path.join(os.tmpdir(), "imports-rest-"));
  process.env.INBOXWATCH_IMPORT_DIR = spool;
  const a = await t.db.organization.create({ data: { name: "A", slug: "imports-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "imports-rest-b" } });
  const ctx = (orgId: string): OrgContext => ({ db: t.db, orgId, actor: { type: "SYSTEM", label: "test" } });
  keys = {
    a: (await createApiKey(ctx(a.id), { name: "a", scopes: ["analytics.read", "analytics.write"] })).key,
    b: (await createApiKey(ctx(b.id), { name: "b", scopes: ["analytics.read", "analytics.write"] })).key,
    readOnly: (await createApiKey(ctx(a.id), { name: "ro", scopes: ["analytics.read"] })).key,
  };
});
afterAll(async () => {
  await t?.drop();
  fs.rmSync(spool, { recursive: true, force: true });
});

type Routes = ReturnType<typeof testRestRoutes>;
async function call(route: keyof Routes, urlPath: string, init: { key?: string; body?: string; method?: string; id?: string } = {}) {
  const handler = testRestRoutes(t.db)[route] as (req: Request, r: { params: Promise<unknown> }) => Promise<Response>;
  const res = await handler(
    new Request(`http://127.0.0.1/api/v1${urlPath}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.key ? { authorization: `Bearer ${init.key}` } : {},
      body: init.body,
    }),
    { params: Promise.resolve(init.id ? { id: init.id } : {}) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const row = { external_id: "o-1", recipient: "ada@example.com", occurred_at: "2026-12-07T10:00:00Z", value: "9.90", currency: "EUR" };

describe("REST analytics imports", () => {
  it("POST /analytics/conversions imports the rows (200) and refuses a bad set whole with line numbers (422)", async () => {
    const ok = await call("importAnalyticsConversions", "/analytics/conversions", { key: keys.a, body: JSON.stringify({ rows: [row] }) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "IMPORTED", rowsImported: 1, via: "api" });

    const bad = await call("importAnalyticsConversions", "/analytics/conversions", {
      key: keys.a,
      body: JSON.stringify({
        rows: [
          { ...row, external_id: "o-2" },
          { ...row, occurred_at: "yesterday" },
        ],
      }),
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ status: "FAILED", errors: [{ line: 2, column: "occurred_at" }], moreErrors: 0 });
    expect(await t.db.conversion.count()).toBe(1);
  });

  it("POST /analytics/metadata needs analytics.write and an API key", async () => {
    const body = JSON.stringify({ rows: [{ message_id: "<m@x>", campaign: "c" }] });
    expect((await call("importAnalyticsMetadata", "/analytics/metadata", { body })).status).toBe(401);
    expect((await call("importAnalyticsMetadata", "/analytics/metadata", { key: keys.readOnly, body })).status).toBe(403);
    expect((await call("importAnalyticsMetadata", "/analytics/metadata", { key: keys.a, body: "{" })).status).toBe(400);
    expect((await call("importAnalyticsMetadata", "/analytics/metadata", { key: keys.a, body })).status).toBe(200);
  });

  it("POST /analytics/imports streams a CSV into a PENDING import; GET finds it for its organization only", async () => {
    const csv = "external_id,recipient,occurred_at,value,currency\n" + "o-9,bo@example.com,2026-12-07,1,USD\n";
    const up = await call("uploadAnalyticsImport", "/analytics/imports?kind=conversions&file_name=orders.csv", { key: keys.a, body: csv });
    expect(up.status).toBe(202);
    expect(up.body).toMatchObject({ status: "PENDING", via: "csv", fileName: "orders.csv", sizeBytes: csv.length });
    const id = up.body.id as string;
    expect((await call("getAnalyticsImport", `/analytics/imports/${id}`, { key: keys.a, id })).body).toMatchObject({
      id,
      status: "PENDING",
    });
    expect((await call("getAnalyticsImport", `/analytics/imports/${id}`, { key: keys.b, id })).status).toBe(404);
    const list = await call("listAnalyticsImports", "/analytics/imports", { key: keys.readOnly });
    expect((list.body.items as { id: string }[]).map((i) => i.id)).toContain(id);
    expect(((await call("listAnalyticsImports", "/analytics/imports", { key: keys.b })).body.items as unknown[]).length).toBe(0);
    expect((await call("uploadAnalyticsImport", "/analytics/imports?kind=people", { key: keys.a, body: csv })).status).toBe(400);
    expect((await call("uploadAnalyticsImport", "/analytics/imports?kind=metadata", { key: keys.readOnly, body: csv })).status).toBe(403);
  });

  it("are in the OpenAPI document with their scopes", () => {
    const doc = openApiDocument("http://127.0.0.1") as { paths: Record<string, Record<string, { description: string }>> };
    expect(doc.paths["/analytics/imports"]?.post?.description).toContain("analytics.write");
    expect(doc.paths["/analytics/imports/{id}"]?.get?.description).toContain("analytics.read");
    expect(doc.paths["/analytics/conversions"]?.post).toBeDefined();
  });
});
