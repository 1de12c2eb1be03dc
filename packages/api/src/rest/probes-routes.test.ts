/**
 * GET /api/v1/servers/{id}/probes through its route handler with real API keys: monitors with state,
 * uptime and recent probes; 404 for another organization's key, 403 without servers.read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";
import { createMailServer } from "@inboxwatch/services/inventory";

import { testRestRoutes } from "./testing.ts";

type Route = { GET: (req: Request, route: { params: Promise<{ id: string }> }) => Promise<Response> };

let t: TestDatabase;
let keys: { full: string; noScope: string; foreign: string };
let serverId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "probe-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "probe-rest-b" } });
  const ctxA: OrgContext = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  serverId = (await createMailServer(ctxA, { hostname: "mx.rest.test", port25: true, port587: false, port465: false })).id;
  const monitor = await t.db.monitor.findFirstOrThrow({ where: { serverId, port: 25 } });
  const time = new Date();
  await t.db.probeResult.create({
    data: {
      orgId: a.id,
      monitorId: monitor.id,
      time,
      outcome: "ok",
      totalMs: 180,
      connectMs: 3,
      tlsMs: 40,
      tlsVersion: "TLSv1.3",
      result: {},
    },
  });
  await t.db.monitor.update({
    where: { id: monitor.id },
    data: { state: "UP", stateSince: time, lastProbeAt: time, lastOutcome: "ok", lastLatencyMs: 180, lastTlsVersion: "TLSv1.3" },
  });
  await t.db.monitorRollup.create({
    data: {
      orgId: a.id,
      monitorId: monitor.id,
      hour: new Date(Math.floor(time.getTime() / 3_600_000) * 3_600_000),
      probes: 4,
      ok: 3,
      latencySumMs: 540,
    },
  });
  keys = {
    full: (await createApiKey(ctxA, { name: "full", scopes: ["servers.read"] })).key,
    noScope: (await createApiKey(ctxA, { name: "org", scopes: ["org.read"] })).key,
    foreign: (await createApiKey(ctxB, { name: "b", scopes: ["servers.read"] })).key,
  };
});
afterAll(async () => t?.drop());

async function get(route: Route, id: string, key: string) {
  const res = await route.GET(
    new Request(`http://127.0.0.1/api/v1/servers/${id}/probes`, { headers: { authorization: `Bearer ${key}` } }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("REST server probes", () => {
  it("GET /servers/{id}/probes returns monitors with uptime and recent probes, scoped by servers.read", async () => {
    const route = { GET: testRestRoutes(t.db).getServerProbes };
    const { status, body } = await get(route, serverId, keys.full);
    expect(status).toBe(200);
    const monitors = body.monitors as {
      port: number;
      state: string;
      lastTlsVersion: string;
      uptimePercent: Record<string, number>;
      recent: { outcome: string; timingsMs: { total: number; tls: number } }[];
    }[];
    expect(monitors).toHaveLength(1);
    expect(monitors[0]).toMatchObject({
      port: 25,
      state: "UP",
      lastTlsVersion: "TLSv1.3",
      uptimePercent: { "24h": 75, "7d": 75, "30d": 75 },
    });
    expect(monitors[0]?.recent[0]).toMatchObject({ outcome: "ok", timingsMs: { total: 180, tls: 40 } });
    expect((await get(route, serverId, keys.foreign)).status).toBe(404);
    expect((await get(route, serverId, keys.noScope)).status).toBe(403);
  });
});
