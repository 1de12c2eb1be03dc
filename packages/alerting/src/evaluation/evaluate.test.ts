import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";

import { createChannel } from "../notifications/channels.ts";
import { evaluateRules } from "./evaluate.ts";
import { createMaintenanceWindow } from "../rules/maintenance.ts";
import { createRule, listRules, seedPresetRules } from "../rules/rules.ts";

let t: TestDatabase;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

let orgCount = 0;
async function newOrg(): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: "Alerts", slug: `alerts-${++orgCount}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

/** Five-minute 5xx-rate points for the organization, ending at `at`. */
async function signal5xx(ctx: OrgContext, at: number, rate: number, volume: number) {
  await t.db.alertSignal.create({
    data: { orgId: ctx.orgId, at: new Date(at), scopeType: "organization", metric: "rate_5xx", value: rate, volume },
  });
}

async function deliverJobs(ctx: OrgContext): Promise<string[]> {
  const rows = await t.db.$queryRawUnsafe<{ id: string }[]>(
    `select j.data->>'notificationId' as id from pgboss.job j join "Notification" n on n.id = j.data->>'notificationId' where j.name = 'alerts.deliver' and n."orgId" = $1`,
    ctx.orgId,
  );
  return rows.map((r) => r.id);
}

async function rule5xx(ctx: OrgContext, channelIds: string[] = []) {
  return createRule(ctx, {
    name: "5xx above 5%",
    scope: { type: "organization" },
    condition: { kind: "threshold", metric: "rate_5xx", comparator: ">", value: 5, windowMinutes: 30 },
    severity: "critical",
    minVolume: 100,
    channelIds,
  });
}

describe("evaluateRules", () => {
  it("opens exactly one incident with its notifications and jobs, updates it on re-fire, resolves when clear", async () => {
    const ctx = await newOrg();
    const { channel: hook } = await createChannel(ctx, { kind: "webhook", name: "hook", config: { url: "http://127.0.0.1:9/hook" } });
    const { channel: mail } = await createChannel(ctx, {
      kind: "email",
      name: "mail",
      config: { to: ["ops@example.com"] },
      minSeverity: "critical",
    });
    const rule = await rule5xx(ctx, [hook.id, mail.id]);

    await signal5xx(ctx, T0, 20, 200);
    expect(await evaluateRules(ctx, { now: T0 + MINUTE })).toMatchObject({ opened: 1, notifications: 2 });
    await signal5xx(ctx, T0 + 2 * MINUTE, 30, 200);
    expect(await evaluateRules(ctx, { now: T0 + 3 * MINUTE })).toMatchObject({
      opened: 0,
      updated: 1,
      notifications: 0,
    });

    const incidents = await t.db.incident.findMany({ where: { orgId: ctx.orgId } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ ruleId: rule.id, status: "open", severity: "critical", scopeKey: "organization", lastValue: 25 });
    const opened = await t.db.notification.findMany({ where: { orgId: ctx.orgId } });
    expect(opened.map((n) => n.event)).toEqual(["incident.opened", "incident.opened"]);
    expect((await deliverJobs(ctx)).sort()).toEqual(opened.map((n) => n.id).sort());

    // 40 minutes later the window holds only healthy traffic: resolved, and the channels are told.
    await signal5xx(ctx, T0 + 40 * MINUTE, 0, 500);
    expect(await evaluateRules(ctx, { now: T0 + 41 * MINUTE })).toMatchObject({ resolved: 1, notifications: 2 });
    const after = await t.db.incident.findFirstOrThrow({ where: { orgId: ctx.orgId } });
    expect(after.status).toBe("resolved");
    const timeline = await t.db.incidentEvent.findMany({ where: { incidentId: after.id }, orderBy: { at: "asc" } });
    expect(timeline.map((e) => e.type)).toEqual(["fired", "resolved"]);
    expect(await deliverJobs(ctx)).toHaveLength(4);
    const state = (await t.db.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).state as { firingSince: number | null };
    expect(state.firingSince).toBeNull();
  });

  it("stays quiet under the minimum volume and inside a maintenance window", async () => {
    const ctx = await newOrg();
    await rule5xx(ctx);
    await signal5xx(ctx, T0, 50, 20);
    expect(await evaluateRules(ctx, { now: T0 + MINUTE })).toMatchObject({ evaluated: 1, opened: 0 });

    await createMaintenanceWindow(ctx, {
      name: "upgrade",
      scope: { type: "organization" },
      startsAt: new Date(T0),
      endsAt: new Date(T0 + 60 * MINUTE),
    });
    await signal5xx(ctx, T0 + 2 * MINUTE, 50, 500);
    expect(await evaluateRules(ctx, { now: T0 + 3 * MINUTE })).toMatchObject({ opened: 0 });
    expect(await t.db.incident.count({ where: { orgId: ctx.orgId } })).toBe(0);
  });

  it("opens one blocklisting incident per IP and list, naming both, and keeps it open while still listed there", async () => {
    const ctx = await newOrg();
    await seedPresetRules(ctx);
    expect((await listRules(ctx)).length).toBeGreaterThan(10);
    const ip = await t.db.sendingIp.create({ data: { orgId: ctx.orgId, address: "192.0.2.10" } });
    // The drift events as the DNS check writes them (packages/deliverability/src/dns/diff.ts).
    const drift = (at: number, type: "dnsbl.listed" | "dnsbl.delisted", name: string, zone: string) =>
      t.db.dnsDriftEvent.create({
        data: {
          orgId: ctx.orgId,
          subjectType: "IP",
          ipId: ip.id,
          at: new Date(at),
          type,
          check: "dnsbl",
          severity: type === "dnsbl.listed" ? "critical" : "info",
          message: type === "dnsbl.listed" ? `Newly listed on ${name} (${zone}).` : `Delisted from ${name} (${zone}).`,
          ...(type === "dnsbl.listed" ? { after: { zone, name, status: "listed", answers: ["127.0.0.2"] } } : {}),
        },
      });
    await drift(T0, "dnsbl.listed", "Spamhaus ZEN", "zen.spamhaus.org");
    await drift(T0 + 1000, "dnsbl.listed", "Barracuda", "b.barracudacentral.org");
    expect(await evaluateRules(ctx, { now: T0 + MINUTE })).toMatchObject({ opened: 2 });
    const incidents = await t.db.incident.findMany({ where: { orgId: ctx.orgId }, orderBy: { title: "asc" } });
    expect(incidents.map((i) => i.title)).toEqual([
      "Sending IP listed on a blocklist — 192.0.2.10 on Barracuda (b.barracudacentral.org)",
      "Sending IP listed on a blocklist — 192.0.2.10 on Spamhaus ZEN (zen.spamhaus.org)",
    ]);
    expect(incidents.every((i) => i.scopeType === "ip" && i.scopeId === ip.id)).toBe(true);
    expect(JSON.stringify(incidents[1]?.evidence)).toContain("192.0.2.10: Newly listed on Spamhaus ZEN (zen.spamhaus.org)");

    // Delisted from Barracuda (the newest event): that incident resolves, the Spamhaus one stays open.
    await drift(T0 + 2 * MINUTE, "dnsbl.delisted", "Barracuda", "b.barracudacentral.org");
    expect(await evaluateRules(ctx, { now: T0 + 3 * MINUTE })).toMatchObject({ resolved: 1, opened: 0 });
    const open = await t.db.incident.findMany({ where: { orgId: ctx.orgId, status: "open" } });
    expect(open.map((i) => i.title)).toEqual(["Sending IP listed on a blocklist — 192.0.2.10 on Spamhaus ZEN (zen.spamhaus.org)"]);
  });

  it("keeps one open incident per rule and scope even when two evaluations race", async () => {
    const ctx = await newOrg();
    await rule5xx(ctx);
    await signal5xx(ctx, T0, 20, 200);
    await Promise.all([evaluateRules(ctx, { now: T0 + MINUTE }), evaluateRules(ctx, { now: T0 + MINUTE })]);
    expect(await t.db.incident.count({ where: { orgId: ctx.orgId } })).toBe(1);
  });
});
