// The ROI verbs over real rows: settings validated and audited, measures taken from the rollups and
// probe rollups of the organization only, and the recovery cycle of an incident costed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { getRoi } from "./roi.ts";
import { getRoiSettings, updateRoiSettings } from "./roi-settings.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;

const HOUR = 3_600_000;
const start = new Date("2026-11-02T00:00:00Z");
const at = (hours: number) => new Date(start.getTime() + hours * HOUR);

async function hourOf(c: OrgContext, hour: Date, status: string, count: number, delay?: { sum: number; count: number }) {
  await t.db.deliveryRollup.create({
    data: {
      orgId: c.orgId,
      hour,
      senderDomain: "acme.example",
      provider: "google",
      serverId: "",
      status,
      category: status === "sent" ? "delivered" : "throttled",
      count,
      delaySum: delay?.sum ?? 0,
      delayCount: delay?.count ?? 0,
    },
  });
  // Ingestion adds the same counts to the day's rollup (the store reads whole days from it).
  await t.db.$executeRaw`
    insert into "DeliveryRollupDay" ("orgId", "day", "senderDomain", "provider", "serverId", "campaign", "status", "category", "count", "delaySum", "delayCount")
    values (${c.orgId}, date_trunc('day', ${hour}::timestamp), 'acme.example', 'google', '', '', ${status}, ${status === "sent" ? "delivered" : "throttled"},
      ${count}, ${delay?.sum ?? 0}, ${delay?.count ?? 0})
    on conflict ("orgId", "day", "senderDomain", "provider", "serverId", "campaign", "status", "category") do update set
      "count" = "DeliveryRollupDay"."count" + excluded."count", "delaySum" = "DeliveryRollupDay"."delaySum" + excluded."delaySum",
      "delayCount" = "DeliveryRollupDay"."delayCount" + excluded."delayCount"`;
}

const settings = {
  currency: "EUR",
  valuePerConversion: null,
  valuePerDeliveredMessage: 0.5,
  costPerDowntimeHour: 200,
  costPerQueueDelayHour: 30,
  queueDelayTargetSeconds: 600,
};

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await t.db.organization.create({ data: { name: "A", slug: "roi-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "roi-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  // Baseline (the 24 h before): 1,000 attempts, 900 accepted, one slow hour.
  await hourOf(ctx, at(-20), "sent", 900, { sum: 900 * 700, count: 900 });
  await hourOf(ctx, at(-20), "deferred", 100);
  // The day: an incident at hour 2 dents hour 2 (50 %) and hour 3 (70 %); hour 5 is back at 95 %.
  await hourOf(ctx, at(1), "sent", 950);
  await hourOf(ctx, at(1), "deferred", 50);
  await hourOf(ctx, at(2), "sent", 100);
  await hourOf(ctx, at(2), "deferred", 100);
  await hourOf(ctx, at(3), "sent", 140);
  await hourOf(ctx, at(3), "deferred", 60);
  await hourOf(ctx, at(5), "sent", 190);
  await hourOf(ctx, at(5), "deferred", 10);
  // Port 25 answered nothing for two hours of the day, for three of the baseline.
  const server = await t.db.mailServer.create({ data: { orgId: a.id, hostname: "mx1.acme.example" } });
  const monitor = await t.db.monitor.create({ data: { orgId: a.id, serverId: server.id, port: 25, mode: "starttls" } });
  for (const h of [2, 3, -10, -11, -12]) {
    await t.db.monitorRollup.create({ data: { orgId: a.id, monitorId: monitor.id, hour: at(h), probes: 12, ok: 0 } });
  }
  await t.db.incident.create({
    data: {
      orgId: a.id,
      scopeKey: "org",
      scopeType: "organization",
      severity: "critical",
      title: "Gmail deferrals",
      openedAt: at(2),
      evidence: {},
    },
  });
  await updateRoiSettings(ctx, settings);
}, 120_000);
afterAll(async () => t?.drop());

const day = { from: start.toISOString(), to: at(24).toISOString() };

describe("ROI settings", () => {
  it("are stored per organization and audited; another organization keeps the defaults", async () => {
    expect(await getRoiSettings(ctx)).toMatchObject(settings);
    expect(await getRoiSettings(other)).toMatchObject({ valuePerDeliveredMessage: null, costPerDowntimeHour: 0, updatedAt: null });
    expect(await t.db.auditLog.count({ where: { orgId: ctx.orgId, action: "analytics.roi-settings.update" } })).toBe(1);
  });

  it("refuse an unknown currency and negative amounts with a clear message", async () => {
    await expect(updateRoiSettings(ctx, { ...settings, currency: "XYZ" })).rejects.toThrow("ISO 4217");
    await expect(updateRoiSettings(ctx, { ...settings, costPerDowntimeHour: -1 })).rejects.toThrow("cannot be negative");
  });
});

describe("the ROI summary", () => {
  it("measures the day and its baseline from the organization's rows (hand-counted)", async () => {
    const roi = await getRoi(ctx, day);
    // Attempts 1,000 + 200 + 200 + 200 = 1,600, accepted 950 + 100 + 140 + 190 = 1,380.
    expect(roi.measures.current).toMatchObject({ attempted: 1600, downtimeHours: 2, queueDelayHours: 0 });
    expect(roi.measures.current.acceptedRate).toBeCloseTo(1380 / 1600, 10);
    expect(roi.measures.baseline).toMatchObject({ attempted: 1000, acceptedRate: 0.9, downtimeHours: 3, queueDelayHours: 1 });
    // No engagement data: no inbox rate, so the revenue rests on accepted messages.
    expect(roi.result.incrementalAccepted.value).toBeCloseTo((1380 / 1600 - 0.9) * 1600, 6); // −60
    expect(roi.result.revenueFromDelivery.value).toBeCloseTo(-30, 6); // −60 × 0.5
    expect(roi.result.avoidedDowntimeCost.value).toBe(200); // (3 − 2) × 200
    expect(roi.result.avoidedQueueDelayCost.value).toBe(30); // (1 − 0) × 30
    expect(roi.result.total.value).toBeCloseTo(200, 6);
  });

  it("costs the incident's recovery cycle from its opening to the rate back within 2 points of the baseline", async () => {
    const roi = await getRoi(ctx, day);
    expect(roi.cycles).toHaveLength(1);
    const cycle = roi.cycles[0]?.cycle;
    expect(cycle?.recoveredAt).toBe(at(5).toISOString());
    expect(cycle?.durationHours).toBe(3);
    // Hour 2: (0.9 − 0.5) × 200 = 80; hour 3: (0.9 − 0.7) × 200 = 40.
    expect(cycle?.lostMessages).toBeCloseTo(120, 6);
    expect(cycle?.cost.value).toBeCloseTo(60, 6);
  });

  it("shows another organization none of it", async () => {
    const roi = await getRoi(other, day);
    expect(roi.measures.current).toMatchObject({ attempted: 0, acceptedRate: null, downtimeHours: 0 });
    expect(roi.cycles).toEqual([]);
    expect(roi.result.revenueFromDelivery.value).toBeNull();
  });
});
