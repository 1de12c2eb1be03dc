import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { getLogFormat, LogCorrelator } from "@inboxwatch/deliverability/logs";

import { type EventRow, insertEventRows, toEventRow } from "./event-rows.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const row = (orgId: string, i: number, over: Partial<EventRow> = {}): EventRow => ({
  orgId,
  time: new Date(Date.UTC(2026, 11, 1, 10, 0, i, 123)),
  source: "mx1",
  host: "mx",
  queueId: `Q${i}`,
  messageId: "",
  campaign: "",
  variant: "",
  senderDomain: "brand.example",
  recipientDomain: "gmail.com",
  recipientHash: "h".repeat(64),
  recipient: null,
  provider: "google",
  status: "deferred",
  eventType: "delivery",
  replyCode: "450",
  enhancedCode: "4.2.0",
  category: "greylisted",
  reason: "greylisted",
  response: "450 4.2.0 try again later",
  relayHost: "gmail-smtp-in.l.google.com",
  relayIp: "192.0.2.1",
  delaySeconds: 1.25,
  serverId: null,
  hop: null,
  eventKey: `key-${i}`,
  engagementTracked: false,
  ...over,
});

describe("event rows", () => {
  it("stores a lone surrogate as U+FFFD, a NaN delay as null, quotes and backslashes as given, rolls up remote 4xx; a re-run writes nothing", async () => {
    const org = await t.db.organization.create({ data: { name: "rows", slug: "rows" } });
    const rows = [
      row(org.id, 1, { response: `cut inside a pair \ud83d`, delaySeconds: Number.NaN }),
      row(org.id, 2, { response: `"quoted" \\ud800 back\\slash \u00e9 \ud83d\ude00`, recipient: "a@b.example", delaySeconds: null }),
      row(org.id, 3, { status: "sent", replyCode: "250", delaySeconds: 0.1 + 0.2 }),
    ];
    const first = await t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows }));
    expect(first).toMatchObject({ inserted: 3, latest: rows[2]?.time });
    expect((await t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows }))).inserted).toBe(0);

    const stored = await t.db.deliveryEvent.findMany({ where: { orgId: org.id }, orderBy: { time: "asc" } });
    expect(stored.map((e) => [e.time.toISOString(), e.response, e.recipient, e.delaySeconds])).toEqual([
      [rows[0]?.time.toISOString(), "cut inside a pair \ufffd", null, null],
      [rows[1]?.time.toISOString(), `"quoted" \\ud800 back\\slash \u00e9 \ud83d\ude00`, "a@b.example", null],
      [rows[2]?.time.toISOString(), "450 4.2.0 try again later", null, 0.1 + 0.2],
    ]);
    const minute = await t.db.deliveryRollupMinute.findMany({ where: { orgId: org.id }, orderBy: { status: "asc" } });
    expect(minute.map((m) => [m.status, m.count, m.remote4xx])).toEqual([
      ["deferred", 2, 2],
      ["sent", 1, 0],
    ]);
  });

  it("keeps an ESP event's message id, campaign and variant on the stored row", async () => {
    const org = await t.db.organization.create({ data: { name: "tags", slug: "rows-tags" } });
    const c = new LogCorrelator({ format: getLogFormat("json") });
    const payload = [
      {
        email: "a@gmail.com",
        timestamp: 1765000000,
        event: "delivered",
        "smtp-id": "<m1@brand.example>",
        category: ["spring"],
        variant: "B",
      },
    ];
    const events = [...c.write(`${JSON.stringify(payload)}\n`)];
    const settings = { recipientSalt: "salt", keepRecipientAddresses: false };
    const rows = events.map((e) => toEventRow(e, { orgId: org.id, source: "esp-sendgrid", receivedAt: new Date(), settings, servers: [] }));
    await t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows }));
    const stored = await t.db.deliveryEvent.findMany({
      where: { orgId: org.id },
      select: { messageId: true, campaign: true, variant: true },
    });
    expect(stored).toEqual([{ messageId: "<m1@brand.example>", campaign: "spring", variant: "B" }]);
  });

  it("counts an ESP's accepted messages as engagement-tracked and an MTA log's as not", async () => {
    const org = await t.db.organization.create({ data: { name: "tracked", slug: "rows-tracked" } });
    const settings = { recipientSalt: "salt", keepRecipientAddresses: false };
    const rowsOf = (format: string, text: string, source: string) =>
      [...new LogCorrelator({ format: getLogFormat(format) }).write(text)].map((e) =>
        toEventRow(e, { orgId: org.id, source, receivedAt: new Date(), settings, servers: [] }),
      );
    const esp = rowsOf("json", `${JSON.stringify({ email: "a@gmail.com", timestamp: 1765000000, event: "delivered" })}\n`, "esp-sendgrid");
    const mta = rowsOf(
      "postfix",
      "Dec  6 10:00:01 mx1 postfix/smtp[1]: 4BQ1x2: to=<b@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK)\n",
      "mx1",
    );
    expect(esp.map((r) => r.engagementTracked)).toEqual([true]);
    expect(mta.map((r) => r.engagementTracked)).toEqual([false]);
    await t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows: [...esp, ...mta] }));
    const sums = await t.db.deliveryRollup.aggregate({
      where: { orgId: org.id, status: "sent" },
      _sum: { count: true, trackedAccepted: true },
    });
    expect(sums._sum).toEqual({ count: 2, trackedAccepted: 1 });
  });

  it("rolls up reply classes, codes, latency, campaigns and unique engagement; a replayed batch adds nothing", async () => {
    const org = await t.db.organization.create({ data: { name: "analytics", slug: "rows-analytics" } });
    const sent = { status: "sent", replyCode: "250", category: "delivered", eventType: "delivered" };
    const open = { status: "sent", replyCode: "", category: "open", eventType: "open", delaySeconds: null };
    const rows = [
      row(org.id, 1, { ...sent, delaySeconds: 0.2, campaign: "spring" }),
      row(org.id, 2, { ...sent, delaySeconds: 0.5, campaign: "spring" }), // on the bound: still the first bucket
      row(org.id, 3, { ...sent, delaySeconds: 90, campaign: "spring" }), // 60–120 s: the eighth bucket
      row(org.id, 4, { ...sent, delaySeconds: null }),
      row(org.id, 5, {}), // 450 deferral
      row(org.id, 6, { status: "bounced", replyCode: "550", category: "user_unknown", delaySeconds: null }),
      row(org.id, 7, { status: "deferred", replyCode: "", category: "timeout", delaySeconds: null }), // local: no reply class
      // Three opens of message m1 by one recipient (two in one batch, one later), one of m2, one click of m1.
      row(org.id, 8, { ...open, messageId: "m1", campaign: "spring" }),
      row(org.id, 9, { ...open, messageId: "m1", campaign: "spring" }),
      row(org.id, 10, { ...open, messageId: "m2", campaign: "spring" }),
      row(org.id, 11, { ...open, category: "click", eventType: "click", messageId: "m1", campaign: "spring" }),
    ];
    const later = [row(org.id, 12, { ...open, messageId: "m1", campaign: "spring" })];
    const insert = (batch: EventRow[]) => t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows: batch }));
    expect((await insert(rows)).inserted).toBe(11);
    expect((await insert(later)).inserted).toBe(1);
    // Replays of both batches write nothing anywhere.
    expect((await insert([...rows, ...later])).inserted).toBe(0);

    for (const table of ["deliveryRollup", "deliveryRollupDay"] as const) {
      const r = await (t.db[table] as typeof t.db.deliveryRollup).findMany({ where: { orgId: org.id } });
      const sum = (f: (x: (typeof r)[number]) => number, where: (x: (typeof r)[number]) => boolean = () => true) =>
        r.filter(where).reduce((a, x) => a + f(x), 0);
      expect(sum((x) => x.count)).toBe(12);
      expect(sum((x) => x.reply4xx)).toBe(1);
      expect(sum((x) => x.reply5xx)).toBe(1);
      // Unique opens: m1 and m2 (the second and the later open of m1 are not first markers); one click.
      expect(
        sum(
          (x) => x.uniqueCount,
          (x) => x.category === "open",
        ),
      ).toBe(2);
      expect(
        sum(
          (x) => x.count,
          (x) => x.category === "open",
        ),
      ).toBe(4);
      expect(
        sum(
          (x) => x.uniqueCount,
          (x) => x.category === "click",
        ),
      ).toBe(1);
      expect(
        sum(
          (x) => x.uniqueCount,
          (x) => x.category === "delivered",
        ),
      ).toBe(0);
      const latency = r.reduce(
        (acc, x) => acc.map((v, i) => v + (x.latency[i] ?? 0)),
        Array.from({ length: 17 }, () => 0),
      );
      expect(latency[0]).toBe(2);
      expect(latency[7]).toBe(1);
      expect(latency.reduce((a, b) => a + b, 0)).toBe(3);
      expect(
        sum(
          (x) => x.count,
          (x) => x.campaign === "spring",
        ),
      ).toBe(8);
    }
    // The minute rollup has no campaign column: its rows group both campaigns together.
    expect((await t.db.deliveryRollupMinute.aggregate({ where: { orgId: org.id }, _sum: { count: true } }))._sum.count).toBe(12);
    for (const table of ["deliveryCodeRollupHour", "deliveryCodeRollupDay"] as const) {
      const codes = await (t.db[table] as typeof t.db.deliveryCodeRollupHour).findMany({
        where: { orgId: org.id },
        orderBy: { replyCode: "asc" },
      });
      expect(codes.map((c) => [c.replyCode, c.count])).toEqual([
        ["450", 1],
        ["550", 1],
      ]);
    }
    expect(await t.db.messageEngagement.count({ where: { orgId: org.id } })).toBe(3);
  });
});
