/**
 * Maintenance windows through the alerts router: create on a scope, the "muted by maintenance" marks on
 * rules and incidents, end an active window, cancel a planned one; a VIEWER reads but cannot change them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, trpcCode as code, type TestWorld } from "../testing.ts";

let w: TestWorld;
let owner: SessionUser, viewer: SessionUser;
let slug: string, orgId: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  w = await createTestWorld();
  owner = await w.user("owner@maint.test");
  viewer = await w.user("viewer@maint.test");
  const org = await w.org(owner, "maint");
  slug = org.slug;
  orgId = org.id;
  await w.addMember(org.id, viewer, "VIEWER");
});
afterAll(async () => w?.t.drop());

describe("alerts maintenance windows", () => {
  it("marks rules and active incidents of the muted scope, and ends the window on request", async () => {
    const a = w.caller(owner, slug);
    const domain = await a.domains.create({ domain: "muted.test" });
    const other = await a.domains.create({ domain: "loud.test" });
    const draft = (id: string) => ({
      name: `blocklisted ${id}`,
      scope: { type: "domain" as const, id },
      condition: { kind: "event" as const, event: "domain_blocklisted" as const },
      severity: "critical" as const,
    });
    const mutedRule = await a.alerts.rules.create(draft(domain.id));
    const loudRule = await a.alerts.rules.create(draft(other.id));
    const incident = await w.t.db.incident.create({
      data: {
        orgId,
        ruleId: mutedRule.id,
        scopeKey: `domain:${domain.id}`,
        scopeType: "domain",
        scopeId: domain.id,
        severity: "critical",
        title: "blocklisted",
        openedAt: new Date(),
        evidence: { summary: "fixture", value: null, threshold: null, volume: 0, window: { from: 0, to: 0 }, points: [], events: [] },
      },
    });

    const win = await a.alerts.maintenance.create({
      name: "DNS move",
      scope: { type: "domain", id: domain.id },
      startsAt: new Date(Date.now() - 60_000),
      endsAt: new Date(Date.now() + HOUR),
    });
    const rules = await a.alerts.rules.list();
    expect(rules.find((r) => r.id === mutedRule.id)?.mutedBy).toMatchObject({ id: win.id, name: "DNS move" });
    expect(rules.find((r) => r.id === loudRule.id)?.mutedBy).toBeNull();
    const list = await a.alerts.incidents.list({ status: "active" });
    expect(list.items.find((i) => i.id === incident.id)?.mutedBy).toMatchObject({ id: win.id });
    expect((await a.alerts.incidents.byId({ id: incident.id })).mutedBy).toMatchObject({ name: "DNS move" });

    // A VIEWER sees the windows but cannot end them.
    const v = w.caller(viewer, slug);
    expect((await v.alerts.maintenance.list()).map((m) => m.id)).toContain(win.id);
    expect(await code(v.alerts.maintenance.end({ id: win.id }))).toBe("FORBIDDEN");

    expect(await a.alerts.maintenance.end({ id: win.id })).toEqual({ id: win.id, cancelled: false });
    const ended = (await a.alerts.maintenance.list()).find((m) => m.id === win.id);
    expect(ended?.endsAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await a.alerts.rules.list()).find((r) => r.id === mutedRule.id)?.mutedBy).toBeNull();
    expect(await code(a.alerts.maintenance.end({ id: win.id }))).toBe("BAD_REQUEST");
  });

  it("cancels a window that has not started, and an organization window mutes every rule", async () => {
    const a = w.caller(owner, slug);
    const planned = await a.alerts.maintenance.create({
      name: "next week",
      scope: { type: "organization" },
      startsAt: new Date(Date.now() + 24 * HOUR),
      endsAt: new Date(Date.now() + 25 * HOUR),
    });
    expect((await a.alerts.rules.list()).every((r) => r.mutedBy === null)).toBe(true);
    expect(await a.alerts.maintenance.end({ id: planned.id })).toEqual({ id: planned.id, cancelled: true });
    expect((await a.alerts.maintenance.list()).map((m) => m.id)).not.toContain(planned.id);

    await a.alerts.maintenance.create({
      name: "everything",
      scope: { type: "organization" },
      startsAt: new Date(Date.now() - 1_000),
      endsAt: new Date(Date.now() + HOUR),
    });
    const rules = await a.alerts.rules.list();
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.mutedBy?.name === "everything")).toBe(true);
  });
});
