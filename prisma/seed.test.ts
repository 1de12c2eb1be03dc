import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { DEMO_LOGIN, DEMO_ORG, seed } from "./seed.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe("demo seed", () => {
  it("creates the demo organization once, with inventory, members and alert presets", async () => {
    expect(await seed(t.db)).toEqual({ created: true });
    expect(await seed(t.db)).toEqual({ created: false });
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const where = { orgId: org.id };
    expect(await t.db.mailServer.count({ where })).toBe(3);
    expect(await t.db.sendingDomain.count({ where })).toBe(2);
    expect(await t.db.sendingIp.count({ where })).toBe(3);
    expect(await t.db.membership.count({ where })).toBe(2);
    expect(await t.db.alertRule.count({ where })).toBeGreaterThan(0);
    expect(await t.db.user.findUnique({ where: { email: DEMO_LOGIN.email } })).not.toBeNull();
  });
});
