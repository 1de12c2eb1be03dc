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
});
