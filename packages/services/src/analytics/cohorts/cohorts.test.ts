// Cohort tables over real rows: delivery events, recipient profiles and conversions of three
// organizations, every cell checked against counts worked out by hand from the fixture below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { wilsonInterval } from "@inboxwatch/analytics/stats";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../../context.ts";
import { refreshAnalyticsViews } from "../views/refresh.ts";
import { computeCohorts, refreshCohorts } from "./compute.ts";
import { getCohorts } from "./read.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
let bulk: OrgContext;
let empty: OrgContext;

/** Wednesday of ISO week 50 (Monday 7 December 2026). */
const NOW = new Date("2026-12-09T12:00:00Z");

let seq = 0;
async function event(
  c: OrgContext,
  at: string,
  f: { rh: string; messageId?: string; queueId?: string; status: string; category: string; provider?: string },
) {
  seq++;
  await t.db.deliveryEvent.create({
    data: {
      orgId: c.orgId,
      time: new Date(at),
      source: "test",
      host: "mx",
      queueId: f.queueId ?? `Q${seq}`,
      messageId: f.messageId ?? "",
      senderDomain: "acme.example",
      recipientDomain: "example.net",
      recipientHash: f.rh,
      provider: f.provider ?? "google",
      status: f.status,
      eventType: f.category,
      replyCode: "",
      enhancedCode: "",
      category: f.category,
      reason: "",
      response: "",
      relayHost: "",
      relayIp: "",
      eventKey: `k${seq}`,
    },
  });
}

async function conversion(c: OrgContext, rh: string, at: string, value: number, currency: string) {
  seq++;
  await t.db.conversion.create({
    data: { orgId: c.orgId, externalId: `o${seq}`, recipientHash: rh, occurredAt: new Date(at), value, currency },
  });
}

const counts = (o: Partial<Record<string, unknown>>) => ({
  recipients: 0,
  deliveredRecipients: 0,
  attempted: 0,
  accepted: 0,
  opened: 0,
  clicked: 0,
  convertedRecipients: 0,
  value: {},
  ...o,
});

beforeAll(async () => {
  t = await createTestDatabase();
  const mk = async (slug: string): Promise<OrgContext> => {
    const org = await t.db.organization.create({ data: { name: slug, slug } });
    return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  };
  ctx = await mk("cohorts-a");
  other = await mk("cohorts-b");
  bulk = await mk("cohorts-bulk");
  empty = await mk("cohorts-empty");

  await t.db.recipientProfile.createMany({
    data: [
      { orgId: ctx.orgId, recipientHash: "r1", acquisitionSource: "google-ads", signupDate: new Date("2026-11-30") },
      { orgId: ctx.orgId, recipientHash: "r2", acquisitionSource: "google-ads", signupDate: new Date("2026-11-30") },
      { orgId: ctx.orgId, recipientHash: "r3", acquisitionSource: "organic", signupDate: new Date("2026-10-01") },
      // r4 has no profile; r5's profile names no source and no signup date.
      { orgId: ctx.orgId, recipientHash: "r5" },
    ],
  });
  // r1: M1 on day 1 after signup (week 0), delivered by the ESP (message id), opened twice and clicked
  // under other queue ids: one message. M2 on day 8 (week 1), delivered.
  await event(ctx, "2026-12-01T10:00:00Z", { rh: "r1", messageId: "<m1@acme>", queueId: "A1", status: "sent", category: "delivered" });
  await event(ctx, "2026-12-01T11:00:00Z", { rh: "r1", messageId: "<m1@acme>", queueId: "esp-1", status: "sent", category: "open" });
  await event(ctx, "2026-12-01T12:00:00Z", { rh: "r1", messageId: "<m1@acme>", queueId: "esp-2", status: "sent", category: "open" });
  await event(ctx, "2026-12-01T12:05:00Z", { rh: "r1", messageId: "<m1@acme>", queueId: "esp-3", status: "sent", category: "click" });
  await event(ctx, "2026-12-08T09:00:00Z", { rh: "r1", queueId: "M2", status: "sent", category: "delivered" });
  // r2: M3 hard-bounced on day 2 (week 0): attempted, not delivered.
  await event(ctx, "2026-12-02T09:00:00Z", { rh: "r2", queueId: "M3", status: "bounced", category: "user_unknown" });
  // r3: M4 to Microsoft 62 days after signup (week 8), delivered and opened.
  await event(ctx, "2026-12-02T09:00:00Z", { rh: "r3", queueId: "M4", status: "sent", category: "delivered", provider: "microsoft" });
  await event(ctx, "2026-12-02T10:00:00Z", { rh: "r3", queueId: "M4", status: "sent", category: "open", provider: "microsoft" });
  // r4 (no profile): M5 delivered. r5: M6 deferred, then delivered — one message.
  await event(ctx, "2026-12-03T09:00:00Z", { rh: "r4", queueId: "M5", status: "sent", category: "delivered" });
  await event(ctx, "2026-12-03T09:00:00Z", { rh: "r5", queueId: "M6", status: "deferred", category: "throttled" });
  await event(ctx, "2026-12-03T09:30:00Z", { rh: "r5", queueId: "M6", status: "sent", category: "delivered" });
  // Conversions: 5 USD on 2 December → M1 (the latest delivery before it); 10 EUR on 9 December → M2;
  // r3 converts 18 days after M4 (outside the 7-day window): attributed to nothing.
  await conversion(ctx, "r1", "2026-12-02T08:00:00Z", 5, "USD");
  await conversion(ctx, "r1", "2026-12-09T00:00:00Z", 10, "EUR");
  await conversion(ctx, "r3", "2026-12-20T00:00:00Z", 99, "EUR");
  // The other organization's events and conversions for the same hashes must never count.
  await event(other, "2026-12-01T10:00:00Z", { rh: "r1", queueId: "X1", status: "sent", category: "delivered" });
  await event(other, "2026-12-01T10:00:00Z", { rh: "r9", queueId: "X2", status: "sent", category: "open" });
  await conversion(other, "r1", "2026-12-02T00:00:00Z", 1000, "EUR");
  await t.db.recipientProfile.create({
    data: { orgId: other.orgId, recipientHash: "r4", acquisitionSource: "leak", signupDate: new Date("2026-11-30") },
  });

  // Bulk organization: each recipient gets one delivered message on 1 December.
  // google-ads × Yahoo: 200 recipients, 40 converted (20 %); newsletter × Gmail: 150 recipients, 30
  // converted (20 %, less sure); tiny × Gmail: 10 recipients, all converted (under the minimum volume).
  for (const [source, provider, n, converted] of [
    ["google-ads", "yahoo", 200, 40],
    ["newsletter", "google", 150, 30],
    ["tiny", "google", 10, 10],
  ] as const) {
    await t.db.$executeRaw`
      insert into "RecipientProfile" ("orgId", "recipientHash", "acquisitionSource", "signupDate", "updatedAt")
      select ${bulk.orgId}, ${source} || '-' || i, ${source}, date '2026-11-01', now() from generate_series(1, ${n}::int) i`;
    await t.db.$executeRaw`
      insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "senderDomain", "recipientDomain", "recipientHash",
        "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "eventKey")
      select ${bulk.orgId}, timestamp '2026-12-01 10:00', 'test', 'mx', 'B' || ${source} || i, 'acme.example', 'example.net', ${source} || '-' || i,
        ${provider}, 'sent', 'delivered', '250', '', 'delivered', '', '', '', '', 'bk' || ${source} || i
      from generate_series(1, ${n}::int) i`;
    await t.db.$executeRaw`
      insert into "Conversion" ("id", "orgId", "externalId", "recipientHash", "occurredAt", "value", "currency")
      select 'c' || ${source} || i, ${bulk.orgId}, ${source} || i, ${source} || '-' || i, timestamp '2026-12-02 10:00', 20, 'EUR'
      from generate_series(1, ${converted}::int) i`;
  }
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe("computeCohorts", () => {
  it("counts each source × provider cell by weeks since signup, unknown sources kept as their own cohort", async () => {
    const { tables } = await computeCohorts(ctx, { grouping: "source-provider", now: NOW });
    const w = tables["weeks-since-signup"];
    expect(w.columnKeys.map((c) => c.key)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13+", "none"]);
    expect(w.rows.map((r) => r.label)).toEqual([
      "(unknown source) × Gmail / Google Workspace",
      "google-ads × Gmail / Google Workspace",
      "organic × Microsoft (Outlook, Hotmail, 365)",
    ]);
    const [unknown, ads, organic] = w.rows;
    expect(ads!.total).toEqual(
      counts({
        recipients: 2,
        deliveredRecipients: 1,
        attempted: 3,
        accepted: 2,
        opened: 1,
        clicked: 1,
        convertedRecipients: 1,
        value: { EUR: 10, USD: 5 },
      }),
    );
    expect(ads!.cells).toEqual({
      "0": counts({
        recipients: 2,
        deliveredRecipients: 1,
        attempted: 2,
        accepted: 1,
        opened: 1,
        clicked: 1,
        convertedRecipients: 1,
        value: { USD: 5 },
      }),
      "1": counts({ recipients: 1, deliveredRecipients: 1, attempted: 1, accepted: 1, convertedRecipients: 1, value: { EUR: 10 } }),
    });
    expect(organic!.cells).toEqual({ "8": counts({ recipients: 1, deliveredRecipients: 1, attempted: 1, accepted: 1, opened: 1 }) });
    expect(unknown!.total).toEqual(counts({ recipients: 2, deliveredRecipients: 2, attempted: 2, accepted: 2 }));
    expect(Object.keys(unknown!.cells)).toEqual(["none"]);
    expect(w.all.total).toEqual(
      counts({
        recipients: 5,
        deliveredRecipients: 4,
        attempted: 6,
        accepted: 5,
        opened: 2,
        clicked: 1,
        convertedRecipients: 1,
        value: { EUR: 10, USD: 5 },
      }),
    );
    expect(w.hasEngagement).toBe(true);
  });

  it("counts by calendar week over the last 12 ISO weeks", async () => {
    const { tables } = await computeCohorts(ctx, { grouping: "source-provider", now: NOW });
    const c = tables["calendar-week"];
    expect(c.columnKeys).toHaveLength(12);
    expect(c.columnKeys[0]).toEqual({ key: "2026-09-21", label: "W39 · 21 Sep" });
    expect(c.columnKeys[11]).toEqual({ key: "2026-12-07", label: "W50 · 7 Dec" });
    const ads = c.rows.find((r) => r.key === "google-ads|google")!;
    expect(Object.keys(ads.cells).sort()).toEqual(["2026-11-30", "2026-12-07"]);
    expect(ads.cells["2026-11-30"]).toMatchObject({ recipients: 2, attempted: 2, accepted: 1 });
    expect(ads.cells["2026-12-07"]).toMatchObject({ recipients: 1, attempted: 1, value: { EUR: 10 } });
    const unknown = c.rows.find((r) => r.key === "(unknown source)|google")!;
    expect(unknown.cells).toEqual({ "2026-11-30": unknown.total });
    expect(unknown.total).toMatchObject({ recipients: 2, attempted: 2, accepted: 2 });
    expect(c.all.total).toMatchObject({ recipients: 5, attempted: 6 });
  });

  it("leaves messages older than the calendar window out of the calendar table", async () => {
    const { tables } = await computeCohorts(ctx, { grouping: "source-provider", now: new Date("2027-06-01T00:00:00Z") });
    expect(tables["calendar-week"].rows).toEqual([]);
    expect(tables["calendar-week"].all.total.recipients).toBe(0);
    expect(tables["weeks-since-signup"].all.total.recipients).toBe(5);
  });

  it("groups by signup month, newest first, recipients without a signup date last", async () => {
    const { tables } = await computeCohorts(ctx, { grouping: "signup-month", now: NOW });
    const w = tables["weeks-since-signup"];
    expect(w.rows.map((r) => [r.label, r.total.recipients, r.total.attempted])).toEqual([
      ["2026-11", 2, 3],
      ["2026-10", 1, 1],
      ["(no signup date)", 2, 2],
    ]);
  });
});

describe("getCohorts", () => {
  it("says 'not computed yet' before the first refresh, and reads the stored view after it", async () => {
    expect(await getCohorts(ctx, { grouping: "source-provider", columns: "weeks-since-signup", metric: "accepted" })).toMatchObject({
      state: "not-computed",
    });
    await refreshAnalyticsViews(ctx, { kinds: ["cohorts"] });
    const res = await getCohorts(ctx, { grouping: "source-provider", columns: "weeks-since-signup", metric: "accepted" });
    if (res.state !== "ready") throw new Error("expected a stored view");
    expect(res.computedAt).toBeInstanceOf(Date);
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
    // Every cell is far under the 100-message minimum: "not enough mail" with its volume, never 100 %.
    expect(res.rows[1]!.cells["0"]).toMatchObject({
      recipients: 2,
      rate: { state: "not-enough", volume: 2, minVolume: 100 },
      interval: null,
    });
    expect(res.best).toBeNull();
    const stored = await t.db.analyticsView.findMany({ where: { orgId: ctx.orgId, kind: "cohorts" }, orderBy: { key: "asc" } });
    expect(stored.map((v) => v.key)).toEqual([
      "signup-month:calendar",
      "signup-month:weeks",
      "source-provider:calendar",
      "source-provider:weeks",
    ]);
    expect(stored[0]!.watermark).toBeGreaterThan(0n);
  });

  it("ranks the best cohort by the lower bound of its Wilson interval among cohorts above the minimum volume", async () => {
    await refreshCohorts(bulk, { now: NOW });
    const res = await getCohorts(bulk, { grouping: "source-provider", columns: "weeks-since-signup", metric: "conversion" });
    if (res.state !== "ready") throw new Error("expected a stored view");
    const byKey = Object.fromEntries(res.rows.map((r) => [r.key, r.total]));
    expect(byKey["google-ads|yahoo"]!.rate).toEqual({ state: "ok", value: 0.2, volume: 200 });
    expect(byKey["newsletter|google"]!.rate).toEqual({ state: "ok", value: 0.2, volume: 150 });
    // 10 of 10 converted, but 10 recipients are under the minimum: not a 100 % winner.
    expect(byKey["tiny|google"]!.rate).toEqual({ state: "not-enough", volume: 10, minVolume: 100 });
    // Same 20 %, but 200 recipients give a tighter interval (lower bound 15.0 % against 14.4 %).
    const expected = wilsonInterval({ successes: 40, trials: 200 })!;
    expect(res.best).toEqual({
      key: "google-ads|yahoo",
      label: "google-ads × Yahoo / AOL",
      rate: 0.2,
      interval: expected,
      volume: 200,
      recipients: 200,
    });
    expect(expected.low).toBeCloseTo(0.1505, 3);
    expect(wilsonInterval({ successes: 30, trials: 150 })!.low).toBeCloseTo(0.1437, 3);
    // No source reported engagement: the inbox proxy is "no data", not 0 % opened.
    const inbox = await getCohorts(bulk, { grouping: "source-provider", columns: "weeks-since-signup", metric: "inbox" });
    if (inbox.state !== "ready") throw new Error("expected a stored view");
    expect(inbox.hasEngagement).toBe(false);
    expect(inbox.rows[0]!.total.rate).toEqual({ state: "no-data" });
    expect(inbox.best).toBeNull();
  });

  it("stores empty tables for an organization without events", async () => {
    await refreshCohorts(empty, { now: NOW });
    const res = await getCohorts(empty, { grouping: "signup-month", columns: "calendar-week", metric: "conversion" });
    if (res.state !== "ready") throw new Error("expected a stored view");
    expect(res.rows).toEqual([]);
    expect(res.all.total).toMatchObject({ recipients: 0, rate: { state: "no-data" } });
    expect(res.best).toBeNull();
  });

  it("rejects an unknown grouping or metric", async () => {
    await expect(getCohorts(ctx, { grouping: "weekday" as never })).rejects.toThrow();
    await expect(getCohorts(ctx, { metric: "revenue" as never })).rejects.toThrow();
  });
});
