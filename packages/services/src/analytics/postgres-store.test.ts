// The analytics store over rows written by ingestion itself (insertEventRows, the statement that maintains
// the rollups): what the dashboards count comes from the rollups alone — reply classes, unique opens, the
// latency histogram, reply codes, the campaign breakdown — and a replayed batch changes none of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { type EventRow, insertEventRows } from "../ingest/event-rows.ts";
import { postgresAnalyticsStore as store, REPLY_CODE_SERIES_TOP_CODES } from "./postgres-store.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;

const HOUR = 3_600_000;
const start = new Date("2026-11-02T00:00:00Z");
const week = { from: start, to: new Date(start.getTime() + 7 * 24 * HOUR) };

let seq = 0;
function row(orgId: string, hours: number, over: Partial<EventRow>): EventRow {
  seq++;
  return {
    orgId,
    time: new Date(start.getTime() + hours * HOUR + seq),
    source: "mx1",
    host: "mx",
    queueId: `Q${seq}`,
    messageId: "",
    campaign: "",
    variant: "",
    senderDomain: "acme.example",
    recipientDomain: "gmail.com",
    recipientHash: `r${seq}`,
    recipient: null,
    provider: "google",
    status: "sent",
    eventType: "delivered",
    replyCode: "250",
    enhancedCode: "",
    category: "delivered",
    reason: "",
    response: "",
    relayHost: "",
    relayIp: "",
    delaySeconds: null,
    serverId: null,
    hop: null,
    eventKey: `k${seq}`,
    engagementTracked: false,
    ...over,
  };
}

const insert = (rows: EventRow[]) => t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows }));

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await t.db.organization.create({ data: { name: "A", slug: "store-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "store-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
}, 60_000);
afterAll(async () => t?.drop());

describe("the PostgreSQL analytics store", () => {
  it("counts reply classes, unique opens and the latency histogram from the rollups; a replay counts nothing twice", async () => {
    const open = (hours: number, messageId: string, recipientHash: string) =>
      row(ctx.orgId, hours, { category: "open", eventType: "open", replyCode: "", messageId, recipientHash, campaign: "spring" });
    const batch = [
      // Ten deliveries reported by an ESP (which reports opens too: they are the open rate's denominator).
      ...Array.from({ length: 10 }, (_, i) =>
        row(ctx.orgId, 1, { delaySeconds: 0.2 + i, campaign: "spring", messageId: `m${i}`, engagementTracked: true }),
      ),
      row(ctx.orgId, 2, { status: "deferred", category: "throttled", replyCode: "421" }),
      row(ctx.orgId, 2, { status: "deferred", category: "throttled", replyCode: "421" }),
      row(ctx.orgId, 3, { status: "bounced", category: "user_unknown", replyCode: "550" }),
      row(ctx.orgId, 3, { status: "deferred", category: "timeout", replyCode: "" }),
      // m0 opened three times by its recipient (once the next day), m1 once, m2 by two recipients.
      open(4, "m0", "x"),
      open(5, "m0", "x"),
      open(4, "m1", "x"),
      open(4, "m2", "x"),
      open(4, "m2", "y"),
    ];
    const nextDay = [open(30, "m0", "x")];
    await insert(batch);
    await insert(nextDay);
    const once = await store.kpiInputs(ctx, week, {});
    await insert([...batch, ...nextDay]);
    const replayed = await store.kpiInputs(ctx, week, {});
    expect(replayed).toEqual(once);

    expect(once.delivery).toMatchObject({ attempted: 14, accepted: 10, deferred: 3, reply4xx: 2, reply5xx: 1 });
    // Unique opens: m0·x, m1·x, m2·x, m2·y — six open events, four opened messages × recipients.
    expect(once.engagement).toMatchObject({ delivered: 10, opened: 4, clicked: 0 });
    // Delays 0.2, 1.2, 2.2 … 9.2 s: ≤ 0.5 | 1–2 | 2–5 (2.2, 3.2, 4.2) | 5–10 (5.2 … 9.2).
    expect(once.latency.counts.slice(0, 5)).toEqual([1, 0, 1, 3, 5]);
    // Over a year the daily rollups answer the same.
    const year = { from: new Date(start.getTime() - 300 * 24 * HOUR), to: week.to };
    expect((await store.kpiInputs(ctx, year, {})).engagement.opened).toBe(4);
    expect((await store.kpiInputs(other, week, {})).delivery.attempted).toBe(0);
  });

  it("reads a period exact to the hour: whole days from the daily rollups, the ragged ends from the hourly ones", async () => {
    // 03:00 on day 0 to 01:00 on day 2: hours 3–23 of day 0, all of day 1 (the next-day open), hour 0 of day 2.
    const p = { from: new Date(start.getTime() + 3 * HOUR), to: new Date(start.getTime() + 49 * HOUR) };
    const inputs = await store.kpiInputs(ctx, p, {});
    // The bounce and the local timeout at 03:00; the deliveries (01:00) and deferrals (02:00) are before the period.
    expect(inputs.delivery).toMatchObject({ attempted: 2, accepted: 0 });
    // First opens at 04:00 (m0·x, m1·x, m2·x, m2·y); the repeats at 05:00 and the next day are no first opens.
    expect(inputs.engagement.opened).toBe(4);
    const fromHour4 = await store.kpiInputs(ctx, { from: new Date(start.getTime() + 4 * HOUR), to: p.to }, {});
    expect(fromHour4.delivery.attempted).toBe(0);
  });

  it("breaks down and filters by campaign, untagged mail under the empty key", async () => {
    const segments = await store.breakdown(ctx, week, {}, "campaign");
    const attempted = Object.fromEntries(segments.map((s) => [s.key, s.inputs.delivery.attempted]));
    expect(attempted).toEqual({ spring: 10, "": 4 });
    const spring = await store.kpiInputs(ctx, week, { campaign: "spring" });
    expect(spring.delivery).toMatchObject({ attempted: 10, reply4xx: 0 });
    expect(spring.engagement.opened).toBe(4);
    expect(await store.replyCodeSeries(ctx, week, { campaign: "spring" }, "day")).toEqual([]);
  });

  it("charts 4xx / 5xx replies per bucket and code, the most frequent codes only", async () => {
    const hourly = await store.replyCodeSeries(ctx, week, {}, "hour");
    expect(hourly.map((p) => [p.at.toISOString(), p.code, p.count])).toEqual([
      [new Date(start.getTime() + 2 * HOUR).toISOString(), "421", 2],
      [new Date(start.getTime() + 3 * HOUR).toISOString(), "550", 1],
    ]);
    expect((await store.replyCodeSeries(ctx, week, {}, "day")).map((p) => [p.at.toISOString(), p.code, p.count])).toEqual([
      [start.toISOString(), "421", 2],
      [start.toISOString(), "550", 1],
    ]);
    expect(await store.replyCodeSeries(ctx, week, { provider: "microsoft" }, "day")).toEqual([]);
    expect(await store.replyCodeSeries(other, week, {}, "day")).toEqual([]);

    // Past the limit, the rarest codes are left out.
    const codes = Array.from({ length: REPLY_CODE_SERIES_TOP_CODES + 2 }, (_, i) => String(500 + i));
    await insert(
      codes.flatMap((code, i) =>
        Array.from({ length: codes.length - i }, () =>
          row(other.orgId, 10, { status: "bounced", category: "other", replyCode: code, provider: "yahoo" }),
        ),
      ),
    );
    const top = await store.replyCodeSeries(other, week, {}, "day");
    expect(top.map((p) => p.code)).toEqual(codes.slice(0, REPLY_CODE_SERIES_TOP_CODES));
  });
});
