/**
 * GET /api/v1/analytics/overview and /analytics/roi through their route handlers with real API keys:
 * each key sees its own organization's figures, needs analytics.read, and a bad query is a clear 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";

import { openApiDocument } from "./openapi.ts";
import { testRestRoutes } from "./testing.ts";

let t: TestDatabase;
let keys: { a: string; b: string; noScope: string };
const hour = new Date("2026-11-03T10:00:00Z");
const range = "from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z";

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "analytics-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "analytics-rest-b" } });
  const ctxA: OrgContext = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  const row = { senderDomain: "a.test", provider: "google", serverId: "", category: "delivered" };
  const rows = [
    { ...row, orgId: a.id, status: "sent", count: 950 },
    { ...row, orgId: a.id, status: "deferred", category: "throttled", count: 50 },
    { ...row, orgId: b.id, status: "sent", count: 10 },
  ];
  // Ingestion writes both granularities; the store reads whole days from the daily ones.
  await t.db.deliveryRollup.createMany({ data: rows.map((r) => ({ ...r, hour })) });
  await t.db.deliveryRollupDay.createMany({
    data: rows.map((r) => ({ ...r, day: new Date(Math.floor(hour.getTime() / 86_400_000) * 86_400_000) })),
  });
  keys = {
    a: (await createApiKey(ctxA, { name: "a", scopes: ["analytics.read"] })).key,
    b: (await createApiKey(ctxB, { name: "b", scopes: ["analytics.read"] })).key,
    noScope: (await createApiKey(ctxA, { name: "org", scopes: ["org.read"] })).key,
  };
});
afterAll(async () => t?.drop());

async function get(path: string, key: string) {
  const routes = testRestRoutes(t.db);
  const handler = path.startsWith("/analytics/roi")
    ? routes.getAnalyticsRoi
    : path.startsWith("/analytics/panels")
      ? routes.getAnalyticsPanels
      : routes.getAnalyticsOverview;
  const res = await handler(new Request(`http://127.0.0.1/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const kpi = (body: Record<string, unknown>, id: string) =>
  (body.kpis as { id: string; current: unknown }[]).find((k) => k.id === id)?.current;

describe("REST analytics", () => {
  it("GET /analytics/overview answers every KPI from the key's own organization", async () => {
    const a = await get(`/analytics/overview?${range}`, keys.a);
    expect(a.status).toBe(200);
    expect(kpi(a.body, "accepted_rate")).toEqual({ state: "ok", value: 0.95, volume: 1000 });
    const b = await get(`/analytics/overview?${range}`, keys.b);
    // Organization B's ten messages: under the minimum volume, said so rather than "100 %".
    expect(kpi(b.body, "accepted_rate")).toEqual({ state: "not-enough", volume: 10, minVolume: 100 });
  });

  it("needs analytics.read, and says which query parameter is wrong", async () => {
    expect((await get(`/analytics/overview?${range}`, keys.noScope)).status).toBe(403);
    const missing = await get("/analytics/overview?from=2026-11-02T00:00:00Z", keys.a);
    expect(missing.status).toBe(400);
    expect((missing.body.error as { message: string }).message).toBe('The query parameter "to" (ISO 8601) is required');
    expect((await get(`/analytics/overview?${range}&by=planet`, keys.a)).status).toBe(400);
  });

  it("GET /analytics/roi gives each figure with its formula, and no NaN for an input that is not set", async () => {
    const { status, body } = await get(`/analytics/roi?${range}`, keys.a);
    expect(status).toBe(200);
    const figures = body.figures as Record<string, { value: number | null; formula: string; inputs: { value: number | null }[] }>;
    expect(figures.revenueFromDelivery?.value).toBeNull();
    expect(figures.revenueFromDelivery?.inputs.some((i) => i.value === null)).toBe(true);
    expect(figures.total?.formula).toContain("revenue from better delivery");
  });

  it("GET /analytics/panels answers the port tiles and queue against latency, unknown ports never up", async () => {
    const { status, body } = await get(`/analytics/panels?${range}`, keys.a);
    expect(status).toBe(200);
    const ports = body.ports as { port: number; state: string; uptime: unknown }[];
    expect(ports.map((p) => [p.port, p.state])).toEqual([
      [25, "unknown"],
      [587, "unknown"],
      [465, "unknown"],
    ]);
    expect(ports[0]?.uptime).toEqual({ state: "no-data" });
    const q = body.queueLatency as { bucket: string; hasQueue: boolean; points: { at: string; queueDepth: number | null }[] };
    expect(q.bucket).toBe("hour");
    expect(q.points).toHaveLength(7 * 24);
    expect(q.hasQueue).toBe(false);
    expect(body.replyCodes).toMatchObject({ bucket: "day", codes: [] });
    expect((await get(`/analytics/panels?${range}`, keys.noScope)).status).toBe(403);
    const bad = await get("/analytics/panels?from=2026-11-09T00:00:00Z&to=2026-11-02T00:00:00Z", keys.a);
    expect(bad.status).toBe(400);
  });

  it("is in the OpenAPI document with its scope", () => {
    const doc = openApiDocument("http://127.0.0.1");
    expect(doc.paths["/analytics/overview"]?.get).toMatchObject({
      operationId: "getAnalyticsOverview",
      description: "Requires scope `analytics.read`.",
    });
    expect(doc.paths["/analytics/roi"]?.get).toBeDefined();
    expect(doc.paths["/analytics/panels"]?.get).toMatchObject({ operationId: "getAnalyticsPanels" });
  });
});
