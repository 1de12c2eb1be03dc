/**
 * GET /api/v1/domains/{id}/mx through its route handler with real API keys: the watched MX set with each
 * host's monitor state; `watch: null` while MX monitoring is off; 404 for another organization's key,
 * 403 without domains.read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";

import { ZDomainMxResponse } from "./domain-mx.ts";
import { testRestRoutes } from "./testing.ts";

type Route = { GET: (req: Request, route: { params: Promise<{ id: string }> }) => Promise<Response> };

let t: TestDatabase;
let keys: { full: string; noScope: string; foreign: string };
let watched: string;
let unwatched: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "mx-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "mx-rest-b" } });
  const ctxA: OrgContext = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  watched = (await t.db.sendingDomain.create({ data: { orgId: a.id, domain: "watched.test", dkimSelectors: [] } })).id;
  unwatched = (await t.db.sendingDomain.create({ data: { orgId: a.id, domain: "unwatched.test", dkimSelectors: [] } })).id;
  const watch = await t.db.mxWatch.create({
    data: { orgId: a.id, domainId: watched, mxRecords: ["10 mx1.watched.test", "20 mx2.watched.test"], lastSyncAt: new Date() },
  });
  const at = new Date();
  await t.db.monitor.createMany({
    data: [
      {
        orgId: a.id,
        mxWatchId: watch.id,
        mxHost: "mx1.watched.test",
        mxPreference: 10,
        port: 25,
        mode: "starttls",
        state: "UP",
        stateSince: at,
        lastProbeAt: at,
        lastOutcome: "ok",
        lastLatencyMs: 120,
        lastTlsVersion: "TLSv1.3",
      },
      {
        orgId: a.id,
        mxWatchId: watch.id,
        mxHost: "mx2.watched.test",
        mxPreference: 20,
        port: 25,
        mode: "starttls",
        state: "DOWN",
        stateSince: at,
        lastProbeAt: at,
        lastOutcome: "refused",
        stateReasons: ["connection refused"],
      },
    ],
  });
  keys = {
    full: (await createApiKey(ctxA, { name: "full", scopes: ["domains.read"] })).key,
    noScope: (await createApiKey(ctxA, { name: "org", scopes: ["org.read"] })).key,
    foreign: (await createApiKey(ctxB, { name: "b", scopes: ["domains.read"] })).key,
  };
});
afterAll(async () => t?.drop());

async function get(route: Route, id: string, key: string) {
  const res = await route.GET(new Request(`http://127.0.0.1/api/v1/domains/${id}/mx`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("REST domain MX", () => {
  it("GET /domains/{id}/mx returns the watched MX hosts with their state, scoped by domains.read", async () => {
    const route = { GET: testRestRoutes(t.db).getDomainMx };
    const { status, body } = await get(route, watched, keys.full);
    expect(status).toBe(200);
    const mx = ZDomainMxResponse.parse(body);
    expect(mx.state).toBe("DEGRADED");
    expect(mx.watch).toMatchObject({ enabled: true, mxRecords: ["10 mx1.watched.test", "20 mx2.watched.test"], nullMx: false });
    expect(mx.hosts.map((h) => [h.host, h.preference, h.state, h.lastTlsVersion])).toEqual([
      ["mx1.watched.test", 10, "UP", "TLSv1.3"],
      ["mx2.watched.test", 20, "DOWN", null],
    ]);
    expect(ZDomainMxResponse.parse((await get(route, unwatched, keys.full)).body)).toMatchObject({
      watch: null,
      hosts: [],
      state: "UNKNOWN",
    });
    expect((await get(route, watched, keys.foreign)).status).toBe(404);
    expect((await get(route, watched, keys.noScope)).status).toBe(403);
  });
});
