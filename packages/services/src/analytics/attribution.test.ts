// The attributed-message fragment on real rows: a message opened only by a machine (Apple Mail Privacy
// Protection's prefetch) is not "opened"; a message opened by a machine and then by a person is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { attributedMessagesSql } from "./attribution.ts";

let t: TestDatabase;
let orgId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  orgId = (await t.db.organization.create({ data: { name: "Attribution", slug: "attribution" } })).id;
});
afterAll(async () => t?.drop());

async function event(messageId: string, minute: number, category: string, machineOpen = false) {
  await t.db.$executeRawUnsafe(
    `insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "messageId", "senderDomain", "recipientDomain",
       "recipientHash", "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason", "response",
       "relayHost", "relayIp", "eventKey", "machineOpen")
     values ($1, $2, 'sendgrid', 'esp', '', $3, 'news.example', 'icloud.com', 'r-' || $3, 'apple', 'sent', $4, '', '', $4, '', '', '', '',
       $3 || '-' || $5, $6)`,
    orgId,
    new Date(Date.UTC(2026, 11, 1, 10, minute)),
    messageId,
    category,
    String(minute),
    machineOpen,
  );
}

describe("attributed messages", () => {
  it("counts a human open as opened, and a message opened only by a machine as not opened", async () => {
    await event("m-human", 0, "delivered");
    await event("m-human", 5, "open");
    await event("m-machine", 0, "delivered");
    await event("m-machine", 1, "open", true);
    await event("m-both", 0, "delivered");
    await event("m-both", 1, "open", true);
    await event("m-both", 30, "open");
    const rows = await t.db.$queryRaw<{ messageKey: string; opened: boolean }[]>`
      select "messageKey", "opened" from (${attributedMessagesSql({ orgId, from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z") })}) m
      order by "messageKey"`;
    expect(rows.map((r) => [r.messageKey, r.opened])).toEqual([
      ["m-both", true],
      ["m-human", true],
      ["m-machine", false],
    ]);
  });
});
