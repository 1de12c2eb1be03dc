/**
 * GET /api/v1/analytics/experiments and /analytics/experiments/{id} through their route handlers with
 * real API keys: the stored result (not computed on the request), each key its own organization's,
 * analytics.read needed, a foreign id 404, and the reply matching the OpenAPI document's schema.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createExperiment, refreshExperimentViews } from "@inboxwatch/services/analytics";
import { createApiKey } from "@inboxwatch/services/apikey";

import { ZExperimentListResponse, ZExperimentResponse } from "./analytics-experiments.ts";
import { openApiDocument } from "./openapi.ts";
import { testRestRoutes } from "./testing.ts";

let t: TestDatabase;
let keys: { a: string; b: string; noScope: string };
let ids: { computed: string; fresh: string; foreign: string };
const start = new Date("2026-11-02T00:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "experiments-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "experiments-rest-b" } });
  const ctxA: OrgContext = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  // 400 delivered messages per variant, tagged by the ESP: A 80 opened, B 140 opened.
  for (const [variant, opened] of [
    ["A", 80],
    ["B", 140],
  ] as const) {
    await t.db.$executeRawUnsafe(
      `insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "messageId", "campaign", "variant", "senderDomain",
         "recipientDomain", "recipientHash", "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason",
         "response", "relayHost", "relayIp", "eventKey")
       select $1, $2::timestamptz + g * interval '1 minute' + case when k = 'open' then interval '1 hour' else interval '0' end, 'test', 'esp',
         'Q' || $3 || g, $3 || g, 'spring', $3, 'news.a.test', 'gmail.com', 'r' || $3 || g, 'gmail', 'sent', k, '', '', k, '', '', '', '',
         $3 || g || k
       from generate_series(1, 400) g cross join (values ('delivered'), ('open')) v(k)
       where k = 'delivered' or g <= $4`,
      a.id,
      start,
      variant,
      opened,
    );
  }
  const input = { campaign: "spring", variants: [{ key: "A" }, { key: "B" }], startsAt: start, endsAt: new Date("2026-11-09T00:00:00Z") };
  ids = {
    computed: (await createExperiment(ctxA, { ...input, name: "Subject line" })).id,
    fresh: "",
    foreign: (await createExperiment(ctxB, { ...input, name: "B's test" })).id,
  };
  await refreshExperimentViews(ctxA, { now: new Date("2026-11-20T00:00:00Z") });
  ids.fresh = (await createExperiment(ctxA, { ...input, name: "Not computed yet" })).id;
  keys = {
    a: (await createApiKey(ctxA, { name: "a", scopes: ["analytics.read"] })).key,
    b: (await createApiKey(ctxB, { name: "b", scopes: ["analytics.read"] })).key,
    noScope: (await createApiKey(ctxA, { name: "org", scopes: ["org.read"] })).key,
  };
});
afterAll(async () => t?.drop());

async function get(path: string, key: string) {
  const routes = testRestRoutes(t.db);
  const req = new Request(`http://127.0.0.1/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
  const id = /^\/analytics\/experiments\/([^/?]+)/.exec(path)?.[1];
  const res = id
    ? await routes.getAnalyticsExperiment(req, { params: Promise.resolve({ id }) })
    : await routes.listAnalyticsExperiments(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("REST analytics experiments", () => {
  it("GET /analytics/experiments lists the key's own experiments with their stored verdicts", async () => {
    const { status, body } = await get("/analytics/experiments", keys.a);
    expect(status).toBe(200);
    const list = ZExperimentListResponse.parse(body);
    expect(list.items.map((e) => e.name)).toEqual(["Not computed yet", "Subject line"]);
    const [fresh, computed] = list.items;
    expect(fresh?.result).toMatchObject({ computedAt: null, verdict: null, stale: true });
    expect(computed?.result.verdict?.kind).toBe("winner");
    expect(computed?.result.computedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await get("/analytics/experiments", keys.b)).body).toMatchObject({ items: [{ name: "B's test" }] });
  });

  it("GET /analytics/experiments/{id} gives the result: counts, intervals, the test used and the verdict sentence", async () => {
    const { status, body } = await get(`/analytics/experiments/${ids.computed}`, keys.a);
    expect(status).toBe(200);
    const e = ZExperimentResponse.parse(body);
    const view = e.result.view;
    expect(view?.variants.map((v) => [v.key, v.trials, v.successes])).toEqual([
      ["A", 400, 80],
      ["B", 400, 140],
    ]);
    expect(view?.methodStatement).toBe("Sequential test (mSPRT, always-valid p): safe to check at any time");
    expect(view?.verdict.sentence).toBe("Variant B wins: +15.0 pts open rate (95 % CI +8.8 to +21.0), p = 0.010.");
    const fresh = await get(`/analytics/experiments/${ids.fresh}`, keys.a);
    expect(fresh.body).toMatchObject({ name: "Not computed yet", result: { view: null, computedAt: null } });
  });

  it("answers 404 for another organization's experiment and 403 without analytics.read", async () => {
    expect((await get(`/analytics/experiments/${ids.foreign}`, keys.a)).status).toBe(404);
    expect((await get(`/analytics/experiments/${ids.computed}`, keys.b)).status).toBe(404);
    expect((await get("/analytics/experiments", keys.noScope)).status).toBe(403);
  });

  it("are in the OpenAPI document", () => {
    const doc = openApiDocument("http://127.0.0.1");
    expect(doc.paths["/analytics/experiments"]?.get).toMatchObject({ operationId: "listAnalyticsExperiments" });
    expect(doc.paths["/analytics/experiments/{id}"]?.get).toMatchObject({ operationId: "getAnalyticsExperiment" });
  });
});
