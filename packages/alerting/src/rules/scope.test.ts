/**
 * Issue 20 item 11: a rule, or a maintenance window, scoped to another organization's server, port,
 * domain or IP is refused with NotFound on create and update, like every other foreign id; the same
 * scopes of one's own inventory work. Channels named by a rule are checked the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { NotFoundError, type OrgContext, ValidationError } from "@inboxwatch/services";

import { type TAlertScope } from "../engine/index.ts";
import { createChannel } from "../notifications/channels.ts";
import { createMaintenanceWindow } from "./maintenance.ts";
import { createRule, updateRule } from "./rules.ts";

const HOUR = 3_600_000;

let t: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let inventory: Record<"a" | "b", { server: string; domain: string; ip: string }>;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = async (slug: string) => {
    const row = await t.db.organization.create({ data: { name: slug, slug } });
    const ctx: OrgContext = { db: t.db, orgId: row.id, actor: { type: "SYSTEM", label: "test" } };
    const server = await t.db.mailServer.create({ data: { orgId: row.id, hostname: `mx.${slug}.test` } });
    const domain = await t.db.sendingDomain.create({ data: { orgId: row.id, domain: `${slug}.test` } });
    const ip = await t.db.sendingIp.create({
      data: { orgId: row.id, address: slug === "scope-a" ? "192.0.2.1" : "192.0.2.2", pool: "bulk" },
    });
    return { ctx, ids: { server: server.id, domain: domain.id, ip: ip.id } };
  };
  const oa = await org("scope-a");
  const ob = await org("scope-b");
  a = oa.ctx;
  b = ob.ctx;
  inventory = { a: oa.ids, b: ob.ids };
});
afterAll(async () => t?.drop());

const draft = (scope: TAlertScope, channelIds: string[] = []) => ({
  name: `down ${scope.type}`,
  scope,
  condition: { kind: "event" as const, event: "port_down" as const },
  severity: "critical" as const,
  channelIds,
});

function scopesOf(ids: { server: string; domain: string; ip: string }): TAlertScope[] {
  return [
    { type: "server", id: ids.server },
    { type: "port", id: `${ids.server}:25` },
    { type: "domain", id: ids.domain },
    { type: "ip", id: ids.ip },
  ];
}

describe("alert scopes belong to the organization", () => {
  it("refuses a rule scoped to another organization's server, port, domain or IP, on create and on update", async () => {
    const own = await createRule(b, draft({ type: "organization" }));
    for (const scope of scopesOf(inventory.a)) {
      await expect(createRule(b, draft(scope)), scope.type).rejects.toThrow(NotFoundError);
      await expect(updateRule(b, { id: own.id, draft: draft(scope) }), scope.type).rejects.toThrow(NotFoundError);
    }
    // Nothing was written: B's only rule still watches the whole organization.
    const rows = await t.db.alertRule.findMany({ where: { orgId: b.orgId }, select: { scopeType: true } });
    expect(rows).toEqual([{ scopeType: "organization" }]);
  });

  it("accepts the same kinds of scope on the organization's own inventory, and names as typed", async () => {
    const own = await createRule(a, draft({ type: "organization" }));
    for (const scope of [...scopesOf(inventory.a), { type: "pool" as const, id: "bulk" }, { type: "provider" as const, id: "google" }]) {
      expect((await createRule(a, draft(scope))).scopeType).toBe(scope.type);
      expect((await updateRule(a, { id: own.id, draft: draft(scope) })).scopeType).toBe(scope.type);
    }
  });

  it("refuses a port scope that is not <serverId>:<probed port>", async () => {
    for (const id of [inventory.a.server, `${inventory.a.server}:2525`, ":25"]) {
      await expect(createRule(a, draft({ type: "port", id })), id).rejects.toThrow(ValidationError);
    }
  });

  it("refuses a maintenance window on another organization's server, port, domain or IP", async () => {
    const window = { startsAt: new Date(), endsAt: new Date(Date.now() + HOUR) };
    for (const scope of scopesOf(inventory.a)) {
      await expect(createMaintenanceWindow(b, { name: "theirs", scope, ...window }), scope.type).rejects.toThrow(NotFoundError);
      expect((await createMaintenanceWindow(a, { name: "ours", scope, ...window })).scopeType).toBe(scope.type);
    }
    expect(await t.db.maintenanceWindow.count({ where: { orgId: b.orgId } })).toBe(0);
  });

  it("refuses a rule that notifies another organization's channel as not found", async () => {
    const { channel } = await createChannel(a, { kind: "webhook", name: "a's hook", config: { url: "https://hooks.example.com/a" } });
    await expect(createRule(b, draft({ type: "organization" }, [channel.id]))).rejects.toThrow(NotFoundError);
    expect((await createRule(a, draft({ type: "organization" }, [channel.id]))).definition.channelIds).toEqual([channel.id]);
  });
});
