/**
 * GET /api/v1/domains/{id}/checks and /api/v1/ips/{id}/blocklists through their route handlers, with a
 * real API key and checks stored by the service against the loopback DNS server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver } from "@inboxwatch/deliverability/dns";
import { checkFixtures, LISTED_IP, startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";
import { createSendingDomain, createSendingIp } from "@inboxwatch/services/inventory";
import { runDomainCheck, runIpCheck } from "@inboxwatch/services/dns-check";

import { testRestRoutes } from "./testing.ts";

type Route = { GET: (req: Request, route: { params: Promise<{ id: string }> }) => Promise<Response> };

let t: TestDatabase;
let dns: TestDnsServer;
let keys: { full: string; domainsOnly: string; foreign: string };
let ids: { domain: string; ip: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const { zone, faults } = checkFixtures();
  dns = await startTestDnsServer(zone, faults);
  const deps = {
    resolver: createResolver({ servers: [dns.address], timeoutMs: 1_000, retries: 1 }),
    fetcher: () => Promise.resolve({ ok: false as const, kind: "network" as const, message: "none" }),
  };
  const a = await t.db.organization.create({ data: { name: "A", slug: "rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "rest-b" } });
  const ctxA: OrgContext = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  ids = {
    domain: (await createSendingDomain(ctxA, { domain: "broken.test" })).id,
    ip: (await createSendingIp(ctxA, { address: LISTED_IP })).id,
  };
  await runDomainCheck(ctxA, { id: ids.domain }, deps);
  await runIpCheck(ctxA, { id: ids.ip }, deps);
  keys = {
    full: (await createApiKey(ctxA, { name: "full", scopes: ["domains.read", "ips.read"] })).key,
    domainsOnly: (await createApiKey(ctxA, { name: "domains", scopes: ["domains.read"] })).key,
    foreign: (await createApiKey(ctxB, { name: "b", scopes: ["domains.read", "ips.read"] })).key,
  };
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

async function get(route: Route, path: string, id: string, key: string) {
  const res = await route.GET(new Request(`http://127.0.0.1/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("REST DNS checks", () => {
  it("GET /domains/{id}/checks returns the latest result and history", async () => {
    const route = { GET: testRestRoutes(t.db).getDomainChecks };
    const { status, body } = await get(route, `/domains/${ids.domain}/checks`, ids.domain, keys.full);
    expect(status).toBe(200);
    const latest = body.latest as {
      grade: string;
      grades: Record<string, string>;
      worst: { severity: string };
      result: { checks: { spf: { status: string } } };
    };
    expect(latest.grade).toBe("F");
    expect(latest.worst.severity).toBe("critical");
    expect(latest.result.checks.spf.status).toBe("permerror");
    expect((body.history as unknown[]).length).toBe(1);
    expect((await get(route, "", ids.domain, keys.foreign)).status).toBe(404);
    expect((await get(route, "", ids.domain, "iw_not_a_key")).status).toBe(401);
  });

  it("GET /ips/{id}/blocklists returns the matrix and needs ips.read", async () => {
    const route = { GET: testRestRoutes(t.db).getIpBlocklists };
    const { status, body } = await get(route, `/ips/${ids.ip}/blocklists`, ids.ip, keys.full);
    expect(status).toBe(200);
    expect(body.listedCount).toBeGreaterThanOrEqual(3);
    const lists = body.lists as { zone: string; status: string; reason?: string }[];
    const spamcop = lists.find((l) => l.zone === "bl.spamcop.net");
    expect(spamcop?.status).toBe("listed");
    expect(spamcop?.reason).toContain("spamcop");
    expect((await get(route, "", ids.ip, keys.domainsOnly)).status).toBe(403);
    expect((await get(route, "", ids.ip, keys.foreign)).status).toBe(404);
  });
});
