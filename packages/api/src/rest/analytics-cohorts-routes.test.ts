/**
 * GET /api/v1/analytics/cohorts through its route handler with real API keys: "not-computed" before the
 * first refresh, the stored table of the key's own organization after it, analytics.read needed, and a
 * clear 400 for a value the query does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { refreshCohorts } from "@inboxwatch/services/analytics";
import { createApiKey } from "@inboxwatch/services/apikey";

import { openApiDocument } from "./openapi.ts";
import { testRestRoutes } from "./testing.ts";

let t: TestDatabase;
let ctxA: OrgContext;
let keys: { a: string; b: string; noScope: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "cohorts-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "cohorts-rest-b" } });
  ctxA = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  // Organization A: 120 google-ads recipients at Gmail, one delivered message each, 30 of them converted.
  await t.db.$executeRaw`
    insert into "RecipientProfile" ("orgId", "recipientHash", "acquisitionSource", "signupDate", "updatedAt")
    select ${a.id}, 'r' || i, 'google-ads', date '2026-11-01', now() from generate_series(1, 120) i`;
  await t.db.$executeRaw`
    insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "senderDomain", "recipientDomain", "recipientHash",
      "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "eventKey")
    select ${a.id}, timestamp '2026-11-03 10:00', 'test', 'mx', 'Q' || i, 'a.test', 'gmail.com', 'r' || i,
      'google', 'sent', 'delivered', '250', '', 'delivered', '', '', '', '', 'k' || i
    from generate_series(1, 120) i`;
  await t.db.$executeRaw`
    insert into "Conversion" ("id", "orgId", "externalId", "recipientHash", "occurredAt", "value", "currency")
    select 'c' || i, ${a.id}, 'o' || i, 'r' || i, timestamp '2026-11-04 10:00', 12.5, 'EUR' from generate_series(1, 30) i`;
  keys = {
    a: (await createApiKey(ctxA, { name: "a", scopes: ["analytics.read"] })).key,
    b: (await createApiKey(ctxB, { name: "b", scopes: ["analytics.read"] })).key,
    noScope: (await createApiKey(ctxA, { name: "org", scopes: ["org.read"] })).key,
  };
});
afterAll(async () => t?.drop());

async function get(query: string, key: string) {
  const res = await testRestRoutes(t.db).getAnalyticsCohorts(
    new Request(`http://127.0.0.1/api/v1/analytics/cohorts${query}`, { headers: { authorization: `Bearer ${key}` } }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/v1/analytics/cohorts", () => {
  it("says not-computed before the first refresh, then answers the stored table of the key's organization", async () => {
    const before = await get("?metric=conversion", keys.a);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ state: "not-computed", grouping: "source-provider", columns: "weeks-since-signup" });

    await refreshCohorts(ctxA, { now: new Date("2026-11-10T00:00:00Z") });
    const { status, body } = await get("?grouping=source-provider&columns=weeks-since-signup&metric=conversion", keys.a);
    expect(status).toBe(200);
    expect(body.state).toBe("ready");
    expect(typeof body.computedAt).toBe("string");
    const rows = body.rows as { key: string; total: { recipients: number; rate: unknown; value: unknown } }[];
    expect(rows.map((r) => r.key)).toEqual(["google-ads|google"]);
    expect(rows[0]!.total).toMatchObject({ recipients: 120, rate: { state: "ok", value: 0.25, volume: 120 }, value: { EUR: 375 } });
    expect(body.best).toMatchObject({ key: "google-ads|google", rate: 0.25, recipients: 120 });

    // Organization B has computed nothing: its key never sees A's table.
    expect((await get("?metric=conversion", keys.b)).body).toMatchObject({ state: "not-computed" });
  });

  it("needs analytics.read and names the parameter it cannot read", async () => {
    expect((await get("", keys.noScope)).status).toBe(403);
    const bad = await get("?metric=revenue", keys.a);
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toBe('"metric" must be one of accepted, inbox, click, conversion');
    expect((await get("?grouping=weekday", keys.a)).status).toBe(400);
  });

  it("is in the OpenAPI document with its scope", () => {
    const doc = openApiDocument("http://127.0.0.1");
    expect(doc.paths["/analytics/cohorts"]?.get).toMatchObject({
      operationId: "getAnalyticsCohorts",
      description: "Requires scope `analytics.read`.",
    });
  });
});
