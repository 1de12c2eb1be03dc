/**
 * The access ladder on a real database: each rung refuses with its own typed error (no session →
 * UNAUTHORIZED, no organization → VALIDATION, another organization → NOT_FOUND, a role without the
 * permission → FORBIDDEN; a bad key → UNAUTHORIZED, a key over its rate → RATE_LIMITED with its wait, a
 * key without the scope → FORBIDDEN), and the context it hands out names the organization and the actor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type OrgContext, type ServiceErrorCode, ServiceError } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";
import { type SessionUser } from "@inboxwatch/services/user";

import { accessForApiKey, accessForSession } from "./access.ts";
import { testRestRoutes } from "./rest/testing.ts";
import { createTestWorld, type TestWorld } from "./testing.ts";

let world: TestWorld;
let owner: SessionUser;
let viewer: SessionUser;
let org: { id: string; slug: string };
let other: { id: string; slug: string };
let keys: { reports: string; org: string; limited: string; rest: string };

/** The code a rung refused with, or "OK". */
async function refusal(p: Promise<unknown>): Promise<ServiceErrorCode | "OK"> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
}

beforeAll(async () => {
  world = await createTestWorld();
  owner = await world.user("owner@access.test");
  viewer = await world.user("viewer@access.test");
  const stranger = await world.user("stranger@access.test");
  org = await world.org(owner, "access-a");
  other = await world.org(stranger, "access-b");
  await world.addMember(org.id, viewer, "VIEWER");
  const ctx: OrgContext = { db: world.t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  keys = {
    reports: (await createApiKey(ctx, { name: "reports", scopes: ["reports.read"] })).key,
    org: (await createApiKey(ctx, { name: "org", scopes: ["org.read"] })).key,
    // Its own key: the limit counts per key, and the other tests spend theirs.
    limited: (await createApiKey(ctx, { name: "limited", scopes: ["reports.read"] })).key,
    rest: (await createApiKey(ctx, { name: "rest", scopes: ["org.read"] })).key,
  };
});
afterAll(async () => world?.t.drop());

describe("accessForSession", () => {
  it("climbs session → organization → role → permission, each rung with its own error", async () => {
    const db = world.t.db;
    expect(await refusal(accessForSession(db, null, org.slug, "org.read"))).toBe("UNAUTHORIZED");
    expect(await refusal(accessForSession(db, owner, null, "org.read"))).toBe("VALIDATION");
    expect(await refusal(accessForSession(db, owner, other.slug, "org.read"))).toBe("NOT_FOUND");
    expect(await refusal(accessForSession(db, viewer, org.slug, "reports.write"))).toBe("FORBIDDEN");
    const { ctx, org: info } = await accessForSession(db, viewer, org.slug, "reports.read");
    expect(ctx).toMatchObject({ orgId: org.id, role: "VIEWER", actor: { type: "USER", userId: viewer.id, label: viewer.email } });
    expect(info).toMatchObject({ id: org.id, slug: org.slug, role: "VIEWER" });
  });
});

describe("accessForApiKey", () => {
  it("climbs key → organization → rate limit → scope; errors never echo the key", async () => {
    const db = world.t.db;
    expect(await refusal(accessForApiKey(db, null, "org.read"))).toBe("UNAUTHORIZED");
    expect(await refusal(accessForApiKey(db, "Basic abc", "org.read"))).toBe("UNAUTHORIZED");
    expect(await refusal(accessForApiKey(db, "Bearer iw_live_notarealkeybutwellformed0123456789", "org.read"))).toBe("UNAUTHORIZED");
    expect(await refusal(accessForApiKey(db, `Bearer ${keys.reports}`, "org.read"))).toBe("FORBIDDEN");
    const { ctx } = await accessForApiKey(db, `Bearer ${keys.org}`, "org.read");
    expect(ctx.orgId).toBe(org.id);
    expect(ctx.actor.type).toBe("API_KEY");
    expect(ctx.role).toBeUndefined();
  });

  it("refuses a key over its rate with RATE_LIMITED and the seconds to wait", async () => {
    const db = world.t.db;
    const limits = { ratePerMinute: 2 };
    await accessForApiKey(db, `Bearer ${keys.limited}`, "reports.read", limits);
    await accessForApiKey(db, `Bearer ${keys.limited}`, "reports.read", limits);
    const err = await accessForApiKey(db, `Bearer ${keys.limited}`, "reports.read", limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: expect.any(Number) as unknown } });
    expect(String((err as Error).message)).not.toContain(keys.limited);
  });

  it("REST answers a key over API_RATE_LIMIT_PER_MINUTE with 429 and Retry-After", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "1";
    try {
      const route = testRestRoutes(world.t.db).getOrganization;
      const call = () =>
        route(new Request("http://127.0.0.1/api/v1/organization", { headers: { authorization: `Bearer ${keys.rest}` } }), {
          params: Promise.resolve({}),
        });
      expect((await call()).status).toBe(200);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });
});
