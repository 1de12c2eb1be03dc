// The executive overview over real rows: rollups, DMARC records, probe rollups and queue
// snapshots of two organizations, each figure checked against what the rows hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { getAnalyticsOverview } from "./overview.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
let serverId: string;

const DAY = 86_400_000;
const start = new Date("2026-11-02T00:00:00Z");
const at = (days: number, hours = 0) => new Date(start.getTime() + days * DAY + hours * 3_600_000);

/** What ingestion counts besides the row count (event-rows.ts): reply classes, first engagement markers, latency buckets. */
interface RollupExtras {
  reply4xx?: number;
  uniqueCount?: number;
  /** Accepted messages from a source that reports engagement (an ESP). */
  trackedAccepted?: number;
  latency?: number[];
}

async function rollup(
  c: OrgContext,
  hour: Date,
  provider: string,
  status: string,
  category: string,
  count: number,
  server = "",
  extras: RollupExtras = {},
) {
  const row = { orgId: c.orgId, senderDomain: "acme.example", provider, serverId: server, status, category, count, ...extras };
  await t.db.deliveryRollup.create({ data: { ...row, hour } });
  await t.db.deliveryRollupDay.create({ data: { ...row, day: new Date(Math.floor(hour.getTime() / DAY) * DAY) } });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await t.db.organization.create({ data: { name: "A", slug: "analytics-overview-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "analytics-overview-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  serverId = (await t.db.mailServer.create({ data: { orgId: a.id, hostname: "mx1.acme.example" } })).id;

  // The week before: 1,000 attempts to Gmail, 900 accepted.
  await rollup(ctx, at(-3), "gmail", "sent", "delivered", 900, serverId);
  await rollup(ctx, at(-3), "gmail", "deferred", "throttled", 100, serverId);
  // This week: Gmail 1,800 accepted, 100 deferred, 60 hard (user unknown), 40 soft (mailbox full);
  // Microsoft 50 attempts (under the minimum volume); 500 opens that must not count as deliveries.
  // One of the deferrals carried a 421 reply; 20 of the deliveries took 0.2 s (the first latency bucket).
  // All this week's accepted mail came through an ESP that reports engagement (the open rate's denominator).
  await rollup(ctx, at(1), "gmail", "sent", "delivered", 1800, serverId, { latency: [20], trackedAccepted: 1800 });
  await rollup(ctx, at(1), "gmail", "deferred", "throttled", 100, serverId, { reply4xx: 1 });
  await rollup(ctx, at(2), "gmail", "bounced", "user_unknown", 60, serverId);
  await rollup(ctx, at(2), "gmail", "bounced", "mailbox_full", 40, serverId);
  // The opens are reports of one opened message (one first marker: event-rows.test.ts shows how ingestion counts it).
  await rollup(ctx, at(3), "gmail", "sent", "open", 500, serverId, { uniqueCount: 1 });
  await rollup(ctx, at(3), "microsoft", "sent", "delivered", 50, "", { trackedAccepted: 50 });
  // The other organization's mail in the same hours must never show.
  await rollup(other, at(1), "gmail", "bounced", "user_unknown", 5000);

  await t.db.dmarcReport.create({
    data: {
      orgId: ctx.orgId,
      reporterOrg: "google.com",
      reportId: "r1",
      domain: "acme.example",
      beginAt: at(1),
      endAt: at(2),
      recordCount: 2,
      messageCount: 200,
      dedupKey: "r1",
      records: {
        create: [
          {
            orgId: ctx.orgId,
            beginAt: at(1),
            endAt: at(2),
            domain: "acme.example",
            sourceIp: "192.0.2.1",
            count: 150,
            spfAligned: "pass",
            dkimAligned: "pass",
          },
          {
            orgId: ctx.orgId,
            beginAt: at(1),
            endAt: at(2),
            domain: "acme.example",
            sourceIp: "192.0.2.2",
            count: 50,
            spfAligned: "fail",
            dkimAligned: "pass",
          },
        ],
      },
    },
  });
  await t.db.complaint.create({
    data: { orgId: ctx.orgId, kind: "ARF", feedbackType: "abuse", reporter: "fbl.example", arrivalAt: at(2), dedupKey: "arf-1" },
  });
  const monitor = await t.db.monitor.create({ data: { orgId: ctx.orgId, serverId, port: 25, mode: "starttls" } });
  await t.db.monitorRollup.create({ data: { orgId: ctx.orgId, monitorId: monitor.id, hour: at(1), probes: 24, ok: 18 } });
}, 120_000);
afterAll(async () => t?.drop());

const week = { from: start.toISOString(), to: at(7).toISOString() };
const kpi = (o: Awaited<ReturnType<typeof getAnalyticsOverview>>, id: string) => o.kpis.find((k) => k.id === id);

describe("the analytics overview", () => {
  it("computes the week's KPIs from the organization's rows only, opens excluded from deliveries", async () => {
    const o = await getAnalyticsOverview(ctx, week);
    // attempts: 1,800 + 100 + 60 + 40 + 50 = 2,050 (the 500 opens and the other org's 5,000 left out)
    expect(kpi(o, "accepted_rate")?.current).toEqual({ state: "ok", value: 1850 / 2050, volume: 2050 });
    expect(kpi(o, "hard_bounce_rate")?.current).toMatchObject({ value: 60 / 2050 });
    expect(kpi(o, "soft_bounce_rate")?.current).toMatchObject({ value: 40 / 2050 });
    expect(kpi(o, "deferral_rate")?.current).toMatchObject({ value: 100 / 2050 });
    expect(kpi(o, "reply_4xx_rate")?.current).toMatchObject({ value: 1 / 2050 });
    expect(kpi(o, "dmarc_pass_rate")?.current).toEqual({ state: "ok", value: 1, volume: 200 });
    expect(kpi(o, "spf_aligned_rate")?.current).toMatchObject({ value: 0.75 });
    expect(kpi(o, "uptime_25")?.current).toEqual({ state: "ok", value: 0.75, volume: 24 });
    // 20 deliveries of 0.2 s, all in the first bucket (0–0.5 s): the median interpolates to 0.25 s.
    expect(kpi(o, "send_latency_p50")?.current).toEqual({ state: "ok", value: 0.25, volume: 20 });
    expect(kpi(o, "uptime_587")?.current).toEqual({ state: "no-data" });
    // 500 open reports of one message: one opened message of the 1,850 accepted.
    expect(kpi(o, "open_rate")?.current).toEqual({ state: "ok", value: 1 / 1850, volume: 1850 });
    expect(kpi(o, "queue_depth")?.current).toEqual({ state: "no-data" });
  });

  it("compares with the week before and gives the delta in points", async () => {
    const o = await getAnalyticsOverview(ctx, week);
    expect(o.previous).toEqual({ from: at(-7).toISOString(), to: start.toISOString() });
    expect(kpi(o, "accepted_rate")?.previous).toMatchObject({ value: 0.9 });
    expect(kpi(o, "accepted_rate")?.delta).toBeCloseTo(1850 / 2050 - 0.9, 10);
  });

  it("breaks down by provider with each segment's share, and says 'not enough mail' for a small one", async () => {
    const o = await getAnalyticsOverview(ctx, { ...week, breakdown: "provider" });
    expect(o.breakdown.rows.map((r) => [r.key, r.label, r.attempted])).toEqual([
      ["gmail", "gmail", 2000],
      ["microsoft", "Microsoft (Outlook, Hotmail, 365)", 50],
    ]);
    expect(o.breakdown.rows[1]?.accepted).toEqual({ state: "not-enough", volume: 50, minVolume: 100 });
    expect(o.breakdown.rows[0]?.share).toBeCloseTo(2000 / 2050, 10);
    // The segment's inbox proxy: one engaged message of Gmail's 1,800 tracked deliveries; Microsoft's 50 are too few.
    expect(o.breakdown.rows[0]?.inboxProxy).toMatchObject({ state: "ok", value: 1 / 1800, volume: 1800 });
    expect(o.breakdown.rows[1]?.inboxProxy).toMatchObject({ state: "not-enough", volume: 50 });
  });

  it("counts feedback-loop complaints in the whole view only: they name no provider, server or domain", async () => {
    expect(kpi(await getAnalyticsOverview(ctx, week), "complaint_rate")?.current).toEqual({ state: "ok", value: 1 / 1850, volume: 1850 });
    const domain = await getAnalyticsOverview(ctx, { ...week, senderDomain: "acme.example" });
    expect(kpi(domain, "complaint_rate")?.current).toEqual({ state: "ok", value: 0, volume: 1850 });
  });

  it("names servers in the server breakdown, and filters every figure by a segment", async () => {
    const byServer = await getAnalyticsOverview(ctx, { ...week, breakdown: "serverId" });
    expect(byServer.breakdown.rows.map((r) => r.label)).toEqual(["mx1.acme.example", "Not mapped to a server"]);
    const gmail = await getAnalyticsOverview(ctx, { ...week, provider: "gmail" });
    expect(kpi(gmail, "accepted_rate")?.current).toMatchObject({ value: 1800 / 2000, volume: 2000 });
  });

  it("charts the daily accepted rate with gaps where there was too little mail", async () => {
    const o = await getAnalyticsOverview(ctx, week);
    expect(o.bucket).toBe("day");
    const days = Object.fromEntries(o.series.map((s) => [s.at, s.acceptedRate]));
    expect(days[at(1).toISOString()]).toEqual({ state: "ok", value: 1800 / 1900, volume: 1900 });
    expect(days[at(3).toISOString()]).toEqual({ state: "not-enough", volume: 50, minVolume: 100 });
  });

  it("shows another organization nothing of this one's mail", async () => {
    const o = await getAnalyticsOverview(other, week);
    expect(kpi(o, "accepted_rate")?.current).toEqual({ state: "ok", value: 0, volume: 5000 });
    expect(kpi(o, "dmarc_pass_rate")?.current).toEqual({ state: "no-data" });
    // No engagement event at all: no source reports engagement, so opens are "no data", not 0 %.
    expect(kpi(o, "open_rate")?.current).toEqual({ state: "no-data" });
    expect(kpi(o, "inbox_rate_proxy")?.current).toEqual({ state: "no-data" });
    expect(o.breakdown.rows.map((r) => r.key)).toEqual(["gmail"]);
  });

  it("refuses a reversed or over-long range with a clear message", async () => {
    await expect(getAnalyticsOverview(ctx, { from: week.to, to: week.from })).rejects.toThrow(
      "The start of the range must be before its end",
    );
    await expect(getAnalyticsOverview(ctx, { from: at(-400).toISOString(), to: week.to })).rejects.toThrow("at most 366 days");
  });
});
