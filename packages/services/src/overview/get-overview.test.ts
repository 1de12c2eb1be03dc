import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { type TRole } from "../permissions.ts";
import { getOverview } from "./get-overview.ts";

let t: TestDatabase;
let orgId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await t.db.organization.create({ data: { name: "Steps", slug: "steps" } })).id;
});
afterAll(async () => t?.drop());

const stepsFor = async (role?: TRole) => {
  const ctx: OrgContext = { db: t.db, orgId, actor: { type: "SYSTEM", label: "test" }, ...(role ? { role } : {}) };
  return (await getOverview(ctx)).steps.map((s) => s.key);
};

describe("next steps on the overview", () => {
  it("list only what the member's role can do", async () => {
    expect(await stepsFor("OWNER")).toEqual(["domain", "server", "ip", "team", "apikey"]);
    expect(await stepsFor("OPS")).toEqual(["domain", "server", "ip"]);
    expect(await stepsFor("MARKETING")).toEqual([]);
    expect(await stepsFor("VIEWER")).toEqual([]);
  });

  it("list every step for callers without a role (API keys, system jobs)", async () => {
    expect(await stepsFor()).toHaveLength(5);
  });
});
