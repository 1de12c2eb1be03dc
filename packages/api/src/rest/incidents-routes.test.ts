/**
 * The incidents REST endpoints through their route handlers with real API keys: list with filters and
 * keyset paging, one incident with its timeline, acknowledge and resolve (recorded as the API key);
 * 404 for another organization's key, 403 without the scope, 400 for a bad query or a repeated action.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";

import { testRestRoutes } from "./testing.ts";

type Params = { params: Promise<{ id: string }> };
type ListRoute = { GET: (req: Request, route: { params: Promise<Record<string, never>> }) => Promise<Response> };
type ByIdRoute = { GET: (req: Request, route: Params) => Promise<Response> };
type ActionRoute = { POST: (req: Request, route: Params) => Promise<Response> };

let t: TestDatabase;
let keys: { read: string; write: string; foreign: string; none: string };
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "incidents-rest-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "incidents-rest-b" } });
  const ctxA: OrgContext = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  const ctxB: OrgContext = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  const base = Date.UTC(2026, 10, 27, 12, 0, 0);
  const severities = ["critical", "warning", "info", "critical", "warning"] as const;
  for (const [i, severity] of severities.entries()) {
    const incident = await t.db.incident.create({
      data: {
        orgId: a.id,
        scopeKey: "organization",
        scopeType: "organization",
        severity,
        title: `incident ${i}`,
        status: i === 4 ? "resolved" : "open",
        openedAt: new Date(base + i * 60_000),
        evidence: { summary: `5xx ${i}%`, value: i, threshold: 5, volume: 200, window: { from: 0, to: 0 }, points: [], events: [] },
      },
    });
    await t.db.incidentEvent.create({
      data: { orgId: a.id, incidentId: incident.id, type: "fired", actorLabel: "alert evaluator", body: `5xx ${i}%` },
    });
    ids.push(incident.id);
  }
  keys = {
    read: (await createApiKey(ctxA, { name: "read", scopes: ["alerts.read"] })).key,
    write: (await createApiKey(ctxA, { name: "write", scopes: ["alerts.read", "alerts.write"] })).key,
    foreign: (await createApiKey(ctxB, { name: "b", scopes: ["alerts.read", "alerts.write"] })).key,
    none: (await createApiKey(ctxA, { name: "org", scopes: ["org.read"] })).key,
  };
});
afterAll(async () => t?.drop());

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function list(query: string, key: string) {
  const route: ListRoute = { GET: testRestRoutes(t.db).listIncidents };
  const res = await route.GET(new Request(`http://127.0.0.1/api/v1/incidents${query}`, { headers: auth(key) }), {
    params: Promise.resolve({}),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      items: { id: string; severity: string; status: string }[];
      nextCursor: string | null;
      counts: Record<string, number>;
    },
  };
}

async function byId(id: string, key: string) {
  const route: ByIdRoute = { GET: testRestRoutes(t.db).getIncident };
  const res = await route.GET(new Request(`http://127.0.0.1/api/v1/incidents/${id}`, { headers: auth(key) }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function act(action: "acknowledge" | "resolve", id: string, key: string) {
  const routes = testRestRoutes(t.db);
  const route: ActionRoute = { POST: action === "acknowledge" ? routes.acknowledgeIncident : routes.resolveIncident };
  const res = await route.POST(new Request(`http://127.0.0.1/api/v1/incidents/${id}/${action}`, { method: "POST", headers: auth(key) }), {
    params: Promise.resolve({ id }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { incident?: { status: string; timeline: { type: string; actor: string }[] }; error?: { code: string } },
  };
}

describe("REST incidents", () => {
  it("GET /incidents filters by status and severity and pages with a keyset cursor", async () => {
    const all = await list("?status=active&limit=2", keys.read);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => i.id)).toEqual([ids[3], ids[2]]);
    expect(all.body.counts).toMatchObject({ open: 4, resolved: 1, critical: 2 });
    const next = await list(`?status=active&limit=2&cursor=${all.body.nextCursor}`, keys.read);
    expect(next.body.items.map((i) => i.id)).toEqual([ids[1], ids[0]]);
    expect(next.body.nextCursor).toBeNull();
    expect((await list("?severity=critical", keys.read)).body.items.map((i) => i.id)).toEqual([ids[3], ids[0]]);
    expect((await list("?status=resolved", keys.read)).body.items.map((i) => i.id)).toEqual([ids[4]]);
    expect((await list("?limit=500", keys.read)).status).toBe(400);
    expect((await list("?status=burning", keys.read)).status).toBe(400);
    expect((await list("", keys.none)).status).toBe(403);
    expect((await list("", keys.foreign)).body.items).toEqual([]);
  });

  it("GET /incidents/{id} returns the evidence and timeline; another organization's key gets 404", async () => {
    const id = ids[0] ?? "";
    const { status, body } = await byId(id, keys.read);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      title: "incident 0",
      severity: "critical",
      status: "open",
      evidence: { summary: "5xx 0%", threshold: 5, volume: 200 },
      timeline: [{ type: "fired" }],
    });
    expect((await byId(id, keys.foreign)).status).toBe(404);
  });

  it("POST acknowledge and resolve need alerts.write, are recorded as the API key, and refuse a repeat", async () => {
    const id = ids[1] ?? "";
    expect((await act("acknowledge", id, keys.read)).status).toBe(403);
    expect((await act("acknowledge", id, keys.foreign)).status).toBe(404);
    const acked = await act("acknowledge", id, keys.write);
    expect(acked.status).toBe(200);
    expect(acked.body.incident?.status).toBe("acknowledged");
    expect(acked.body.incident?.timeline.at(-1)).toMatchObject({ type: "acked", actor: expect.stringContaining("write") as unknown });
    expect((await act("acknowledge", id, keys.write)).status).toBe(400);
    const resolved = await act("resolve", id, keys.write);
    expect(resolved.body.incident?.status).toBe("resolved");
    expect((await act("resolve", id, keys.write)).status).toBe(400);
  });
});
