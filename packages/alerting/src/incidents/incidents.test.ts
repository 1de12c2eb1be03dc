import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";

import { INCIDENT_RECENTLY_RESOLVED_MS, listIncidents } from "./incidents.ts";

let t: TestDatabase;
let ctx: OrgContext;
beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: "Flappy", slug: "flappy" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  const hour = 3600_000;
  const now = Date.now();
  const incident = (title: string, status: "open" | "acknowledged" | "resolved", resolvedAgoMs?: number) =>
    t.db.incident.create({
      data: {
        orgId: org.id,
        scopeKey: title,
        scopeType: "organization",
        status,
        severity: "critical",
        title,
        openedAt: new Date(now - 2 * INCIDENT_RECENTLY_RESOLVED_MS),
        resolvedAt: resolvedAgoMs === undefined ? null : new Date(now - resolvedAgoMs),
        evidence: { summary: "fixture", value: null, threshold: null, volume: 0, window: { from: 0, to: 0 }, points: [], events: [] },
      },
    });
  await incident("still down", "open");
  await incident("being looked at", "acknowledged");
  await incident("flapped overnight", "resolved", 3 * hour);
  await incident("last week", "resolved", 7 * 24 * hour);
});
afterAll(async () => t?.drop());

const titles = async (input: Parameters<typeof listIncidents>[1]) => (await listIncidents(ctx, input)).items.map((i) => i.title).sort();

describe("the incidents list", () => {
  it("shows open, acknowledged and recently resolved incidents by default, so a flapping one is not invisible", async () => {
    expect(await titles({})).toEqual(["being looked at", "flapped overnight", "still down"]);
  });

  it("still filters by one status, by 'active' and by 'all'", async () => {
    expect(await titles({ status: "active" })).toEqual(["being looked at", "still down"]);
    expect(await titles({ status: "resolved" })).toEqual(["flapped overnight", "last week"]);
    expect(await titles({ status: "all" })).toHaveLength(4);
  });
});
