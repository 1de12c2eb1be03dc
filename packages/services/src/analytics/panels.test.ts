// The overview's panels over real rows: monitors, their rollups and probe results, queue snapshots and
// delivery rollups of two organizations, each figure checked against what the rows hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { bucketStarts, getAnalyticsPanels, panelBucketOf, portStateOf, replyCodeChart } from "./panels.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
let serverId: string;
let otherServerId: string;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const start = new Date("2026-11-02T00:00:00Z");
const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
const week = { from: start.toISOString(), to: new Date(start.getTime() + 7 * DAY).toISOString() };

async function monitor(c: OrgContext, server: string, port: number, state: "UP" | "DOWN" | "DEGRADED" | "UNKNOWN", probed: boolean) {
  const m = await t.db.monitor.create({
    data: {
      orgId: c.orgId,
      serverId: server,
      port,
      mode: port === 465 ? "tls" : "starttls",
      state,
      lastProbeAt: probed ? at(100) : null,
    },
  });
  return m.id;
}

let probeSeq = 0;
async function probes(c: OrgContext, monitorId: string, count: number, connectMs: (i: number) => number, outcome = "ok") {
  await t.db.probeResult.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      id: `p${++probeSeq}`,
      orgId: c.orgId,
      monitorId,
      time: at(1 + i / 12),
      outcome,
      totalMs: 100,
      connectMs: connectMs(i),
      bannerMs: connectMs(i) * 2,
      result: {},
    })),
  });
}

async function latencyRollup(
  c: OrgContext,
  hour: Date,
  provider: string,
  delaySum: number,
  delayCount: number,
  status = "sent",
  category = "delivered",
) {
  const row = {
    orgId: c.orgId,
    senderDomain: "acme.example",
    provider,
    serverId: "",
    status,
    category,
    count: delayCount,
    delaySum,
    delayCount,
  };
  await t.db.deliveryRollup.create({ data: { ...row, hour } });
  await t.db.deliveryRollupDay.create({ data: { ...row, day: new Date(Math.floor(hour.getTime() / DAY) * DAY) } });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await t.db.organization.create({ data: { name: "A", slug: "analytics-panels-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "analytics-panels-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  serverId = (await t.db.mailServer.create({ data: { orgId: a.id, hostname: "mx1.acme.example" } })).id;
  const server2 = (await t.db.mailServer.create({ data: { orgId: a.id, hostname: "mx2.acme.example" } })).id;
  otherServerId = (await t.db.mailServer.create({ data: { orgId: b.id, hostname: "mx.other.example" } })).id;

  // Port 25: two servers, one up, one down. 40 successful probes with connect 1..40 ms (p95 = 38.05 ms).
  const m25 = await monitor(ctx, serverId, 25, "UP", true);
  await monitor(ctx, server2, 25, "DOWN", true);
  await probes(ctx, m25, 40, (i) => i + 1);
  // Failed probes' times are not latency: a 30 s timeout must not move the p95.
  await probes(ctx, m25, 5, () => 30_000, "timeout");
  await t.db.monitorRollup.create({ data: { orgId: a.id, monitorId: m25, hour: at(1), probes: 100, ok: 97, latencySumMs: 97 * 50 } });
  // Port 587: up, but only 10 probes in the range (under the minimum) and 10 latency samples.
  const m587 = await monitor(ctx, serverId, 587, "UP", true);
  await probes(ctx, m587, 10, () => 5);
  await t.db.monitorRollup.create({ data: { orgId: a.id, monitorId: m587, hour: at(1), probes: 10, ok: 10 } });
  // Port 465: a monitor that never ran; its state column still says UNKNOWN.
  await monitor(ctx, serverId, 465, "UNKNOWN", false);

  // The other organization: port 465 up and probed, which must never light this organization's tile.
  const theirs = await monitor(other, otherServerId, 465, "UP", true);
  await t.db.monitorRollup.create({ data: { orgId: b.id, monitorId: theirs, hour: at(1), probes: 500, ok: 500 } });
  await probes(other, theirs, 30, () => 999);

  // Queue: two sources in hour 2 (means 10 and 4 → 14), one in hour 5; hour 3 has none.
  await t.db.queueSnapshot.createMany({
    data: [
      { orgId: a.id, source: "mx1", time: at(2), active: 5, deferred: 3, hold: 0, incoming: 0, oldestAgeSeconds: 0 },
      {
        orgId: a.id,
        source: "mx1",
        time: new Date(at(2).getTime() + 30 * 60_000),
        active: 8,
        deferred: 4,
        hold: 0,
        incoming: 0,
        oldestAgeSeconds: 0,
      },
      { orgId: a.id, source: "mx2", time: at(2), active: 4, deferred: 0, hold: 0, incoming: 0, oldestAgeSeconds: 0 },
      { orgId: a.id, source: "mx1", time: at(5), active: 1, deferred: 0, hold: 0, incoming: 0, oldestAgeSeconds: 0 },
      { orgId: b.id, source: "mx", time: at(2), active: 900, deferred: 0, hold: 0, incoming: 0, oldestAgeSeconds: 0 },
    ],
  });
  // Latency: hour 2 gmail 100 messages × 2 s and microsoft 100 × 4 s → 3 s; deferrals and opens never count.
  await latencyRollup(ctx, at(2), "gmail", 200, 100);
  await latencyRollup(ctx, at(2), "microsoft", 400, 100);
  await latencyRollup(ctx, at(2), "gmail", 99_999, 10, "deferred", "throttled");
  await latencyRollup(ctx, at(2), "gmail", 99_999, 10, "sent", "open");
  await latencyRollup(other, at(2), "gmail", 90_000, 10);

  // Reply codes: 421 from Gmail in hours 2 and 30 (day 0 and day 1), 550 from Microsoft in hour 2, and
  // a campaign-tagged 451; the other organization's 554s never show.
  const code = async (c: OrgContext, hour: Date, replyCode: string, provider: string, count: number, campaign = "") => {
    const row = { orgId: c.orgId, replyCode, provider, senderDomain: "acme.example", serverId: "", campaign, count };
    await t.db.deliveryCodeRollupHour.create({ data: { ...row, hour } });
    await t.db.deliveryCodeRollupDay.create({ data: { ...row, day: new Date(Math.floor(hour.getTime() / DAY) * DAY) } });
  };
  await code(ctx, at(2), "421", "gmail", 40);
  await code(ctx, at(30), "421", "gmail", 10);
  await code(ctx, at(2), "550", "microsoft", 7);
  await code(ctx, at(3), "451", "gmail", 3, "black-friday");
  await code(other, at(2), "554", "gmail", 999);
});
afterAll(async () => t?.drop());

describe("analytics panels", () => {
  it("gives each port its uptime, probe count, p95 connect and banner times and its state now", async () => {
    const { ports } = await getAnalyticsPanels(ctx, week);
    const p25 = ports.find((p) => p.port === 25);
    expect(p25?.state).toBe("down");
    expect(p25?.monitors).toEqual({ total: 2, up: 1, degraded: 0, down: 1, unprobed: 0 });
    expect(p25?.probes).toBe(100);
    expect(p25?.uptime).toEqual({ state: "ok", value: 0.97, volume: 100 });
    expect(p25?.meanProbeMs).toEqual({ state: "ok", value: 50, volume: 97 });
    // percentile_cont over 1..40: 1 + 0.95 × 39 = 38.05 ms; banners are twice that.
    expect(p25?.connectP95Ms).toEqual({ state: "ok", value: 38.05, volume: 40 });
    expect(p25?.bannerP95Ms.state === "ok" && p25.bannerP95Ms.value).toBeCloseTo(76.1, 6);
    const p587 = ports.find((p) => p.port === 587);
    expect(p587?.state).toBe("up");
    expect(p587?.uptime).toEqual({ state: "not-enough", volume: 10, minVolume: 12 });
    expect(p587?.connectP95Ms).toEqual({ state: "not-enough", volume: 10, minVolume: 20 });
  });

  it("never shows a port that was never probed as up: it is unknown, with no uptime", async () => {
    const { ports } = await getAnalyticsPanels(ctx, week);
    const p465 = ports.find((p) => p.port === 465);
    expect(p465).toMatchObject({ state: "unknown", probes: 0, lastProbeAt: null, uptime: { state: "no-data" } });
    expect(p465?.monitors).toEqual({ total: 1, up: 0, degraded: 0, down: 0, unprobed: 1 });
    // An organization with no monitor at all: three unknown tiles.
    const none = await getAnalyticsPanels({ ...ctx, orgId: "no-such-org" }, week);
    expect(none.ports.map((p) => p.state)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("filters the ports by server, and no other organization's monitors show", async () => {
    const { ports } = await getAnalyticsPanels(ctx, { ...week, serverId });
    expect(ports.find((p) => p.port === 25)?.state).toBe("up");
    const theirs = await getAnalyticsPanels(other, week);
    expect(theirs.ports.find((p) => p.port === 465)?.uptime).toEqual({ state: "ok", value: 1, volume: 500 });
    expect(theirs.ports.find((p) => p.port === 25)?.state).toBe("unknown");
  });

  it("sets queue depth against mean send latency per hour, every hour present, gaps as null", async () => {
    const { queueLatency } = await getAnalyticsPanels(ctx, { from: at(0).toISOString(), to: at(6).toISOString() });
    expect(queueLatency.bucket).toBe("hour");
    expect(queueLatency.points.map((p) => p.at)).toEqual([0, 1, 2, 3, 4, 5].map((h) => at(h).toISOString()));
    expect(queueLatency.points[2]).toEqual({
      at: at(2).toISOString(),
      queueDepth: 14,
      queueSamples: 3,
      sendLatencySeconds: 3,
      latencySamples: 200,
    });
    expect(queueLatency.points[3]).toMatchObject({ queueDepth: null, sendLatencySeconds: null });
    expect(queueLatency.points[5]).toMatchObject({ queueDepth: 1, sendLatencySeconds: null });
    expect(queueLatency).toMatchObject({ hasQueue: true, hasLatency: true });
  });

  it("filters the latency by provider while the queue stays the whole organization's", async () => {
    const { queueLatency } = await getAnalyticsPanels(ctx, { from: at(0).toISOString(), to: at(6).toISOString(), provider: "gmail" });
    expect(queueLatency.points[2]).toMatchObject({ queueDepth: 14, sendLatencySeconds: 2, latencySamples: 100 });
  });

  it("reads daily buckets beyond a month, and says there is nothing rather than drawing zeros", async () => {
    const from = new Date(start.getTime() - 40 * DAY);
    const long = await getAnalyticsPanels(ctx, { from: from.toISOString(), to: week.to });
    expect(long.queueLatency.bucket).toBe("day");
    expect(long.queueLatency.points).toHaveLength(47);
    expect(long.queueLatency.points.find((p) => p.at === start.toISOString())).toMatchObject({
      queueDepth: 11,
      queueSamples: 4,
      sendLatencySeconds: 3,
    });
    const empty = await getAnalyticsPanels(other, { from: at(10).toISOString(), to: at(20).toISOString() });
    expect(empty.queueLatency).toMatchObject({ hasQueue: false, hasLatency: false });
    expect(empty.queueLatency.points.every((p) => p.queueDepth === null && p.sendLatencySeconds === null)).toBe(true);
  });

  it("stacks the most frequent reply codes per day over a week, filtered like the delivery figures", async () => {
    const { replyCodes } = await getAnalyticsPanels(ctx, week);
    expect(replyCodes.bucket).toBe("day");
    expect(replyCodes.codes).toEqual([
      { code: "421", class: "4xx", total: 50 },
      { code: "550", class: "5xx", total: 7 },
      { code: "451", class: "4xx", total: 3 },
    ]);
    expect(replyCodes.points).toHaveLength(7);
    expect(replyCodes.points[0]).toEqual({ at: start.toISOString(), counts: { "421": 40, "550": 7, "451": 3 } });
    expect(replyCodes.points[1]?.counts).toEqual({ "421": 10, "550": 0, "451": 0 });
    const gmail = await getAnalyticsPanels(ctx, { ...week, provider: "gmail" });
    expect(gmail.replyCodes.codes.map((c) => c.code)).toEqual(["421", "451"]);
    const campaign = await getAnalyticsPanels(ctx, { ...week, campaign: "black-friday" });
    expect(campaign.replyCodes.codes).toEqual([{ code: "451", class: "4xx", total: 3 }]);
    expect(campaign.queueLatency.hasLatency).toBe(false);
  });

  it("refuses a range that ends before it starts", async () => {
    await expect(getAnalyticsPanels(ctx, { from: week.to, to: week.from })).rejects.toThrow(
      "The start of the range must be before its end",
    );
  });
});

describe("panel helpers", () => {
  it("fills every bucket of the reply-code chart, zero where a code did not come back", () => {
    const t0 = new Date("2026-11-02T00:00:00Z");
    const t1 = new Date("2026-11-02T01:00:00Z");
    const chart = replyCodeChart([{ at: t1, code: "550", count: 2 }], [t0, t1]);
    expect(chart).toEqual({
      codes: [{ code: "550", class: "5xx", total: 2 }],
      points: [
        { at: t0.toISOString(), counts: { "550": 0 } },
        { at: t1.toISOString(), counts: { "550": 2 } },
      ],
    });
    expect(replyCodeChart([], [t0])).toEqual({ codes: [], points: [{ at: t0.toISOString(), counts: {} }] });
  });

  it("derives a port's state from its probed monitors, unknown when none ran", () => {
    expect(portStateOf({ up: 0, degraded: 0, down: 0 })).toBe("unknown");
    expect(portStateOf({ up: 3, degraded: 1, down: 0 })).toBe("degraded");
    expect(portStateOf({ up: 3, degraded: 1, down: 1 })).toBe("down");
    expect(portStateOf({ up: 1, degraded: 0, down: 0 })).toBe("up");
  });

  it("buckets hourly up to 31 days and lists whole UTC buckets from the range's start", () => {
    const p = { from: new Date("2026-11-02T10:30:00Z"), to: new Date("2026-11-02T13:00:00Z") };
    expect(bucketStarts(p, "hour").map((d) => d.toISOString())).toEqual([
      "2026-11-02T10:00:00.000Z",
      "2026-11-02T11:00:00.000Z",
      "2026-11-02T12:00:00.000Z",
    ]);
    expect(panelBucketOf({ from: new Date(0), to: new Date(31 * DAY) })).toBe("hour");
    expect(panelBucketOf({ from: new Date(0), to: new Date(31 * DAY + 1) })).toBe("day");
  });
});
