// Bounce mail to bounces+<token>@ end to end on loopback: the DSN (RFC 3464) is parsed into one
// DeliveryEvent per recipient (source "dsn") before the 250, the same DSN delivered again adds nothing,
// and mail there that is no bounce still goes the report way (stored, never dropped).
import fs from "node:fs";
import path from "node:path";

import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type RunningReportSmtp, startReportSmtp } from "./report-smtp.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");

interface ExpectedBounce {
  is_bounce: boolean;
  recipients: { reason: string; status: string; status_class: string }[];
}
const EXPECTED = JSON.parse(fs.readFileSync(path.join(CORPUS, "bounces", "expected.json"), "utf8")) as Record<string, ExpectedBounce>;

let t: TestDatabase;
let smtp: RunningReportSmtp;
let org: { id: string; ingestToken: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  org = await t.db.organization.create({ data: { name: "Bounces", slug: "smtp-bounces" }, select: { id: true, ingestToken: true } });
  smtp = await startReportSmtp({ db: t.db, port: 0, host: "127.0.0.1", log: () => {} });
});
afterAll(async () => {
  await smtp?.stop();
  await t?.drop();
});

function send(raw: string | Buffer, local = "bounces") {
  const to = `${local}+${org.ingestToken}@reports.inboxwatch.test`;
  // A DSN's envelope sender is null (RFC 3464 §2, RFC 5321 §4.5.5); nodemailer sends MAIL FROM:<> for "".
  return nodemailer
    .createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true })
    .sendMail({ envelope: { from: "", to }, raw });
}

describe("bounces+ intake", () => {
  it("stores an RFC 3464 DSN as delivery events before the 250, once however often it is delivered", async () => {
    const file = "sisimai/lhost-postfix-01.eml";
    const dsn = fs.readFileSync(path.join(CORPUS, "bounces", file));
    const expected = EXPECTED[file]!;

    const info = await send(dsn);
    expect(info.response).toMatch(/^250 /);
    // No polling: the 250 came after the commit.
    const events = await t.db.deliveryEvent.findMany({ where: { orgId: org.id, source: "dsn" } });
    expect(events).toHaveLength(expected.recipients.length);
    expect(events[0]).toMatchObject({
      status: "bounced",
      enhancedCode: expected.recipients[0]!.status,
      reason: expected.recipients[0]!.reason,
      recipientDomain: "p351355.pool.example.ne.jp",
    });
    expect(events[0]?.time.toISOString()).toBe("2013-04-29T14:45:32.000Z");
    // Rolled up like log events.
    const rollups = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select coalesce(sum("count"), 0) as n from "DeliveryRollup" where "orgId" = $1 and "status" = 'bounced'`,
      org.id,
    );
    expect(Number(rollups[0]?.n)).toBe(expected.recipients.length);

    // An MTA that lost our 250 delivers again: nothing new.
    for (let i = 0; i < 2; i++) await send(dsn);
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.id, source: "dsn" } })).toBe(expected.recipients.length);
    const again = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select coalesce(sum("count"), 0) as n from "DeliveryRollup" where "orgId" = $1 and "status" = 'bounced'`,
      org.id,
    );
    expect(Number(again[0]?.n)).toBe(expected.recipients.length);
    // A bounce is no report: nothing lands in the report quarantine.
    expect(await t.db.rawReport.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("gives the events the sending domain of the bounced message when the DSN returns its headers", async () => {
    const file = "sisimai/lhost-postfix-02.eml";
    await send(fs.readFileSync(path.join(CORPUS, "bounces", file)));
    const events = await t.db.deliveryEvent.findMany({ where: { orgId: org.id, source: "dsn", senderDomain: "example.jp" } });
    expect(events).toHaveLength(EXPECTED[file]!.recipients.length);
  });

  it("records a delayed-delivery DSN (Action: delayed, RFC 3464 §2.3.3) as deferred", async () => {
    const file = "sisimai/lhost-messagingserver-07.eml";
    await send(fs.readFileSync(path.join(CORPUS, "bounces", file)));
    const events = await t.db.deliveryEvent.findMany({ where: { orgId: org.id, source: "dsn", status: "deferred" } });
    expect(events.length).toBe(EXPECTED[file]!.recipients.length);
    expect(events[0]?.enhancedCode).toBe(EXPECTED[file]!.recipients[0]!.status);
  });

  it("stores mail to bounces+ that is no bounce as a raw report instead of dropping it", async () => {
    const before = await t.db.deliveryEvent.count({ where: { orgId: org.id } });
    const info = await send(
      [
        "From: someone@example.net",
        `To: bounces+${org.ingestToken}@reports.inboxwatch.test`,
        "Subject: hello",
        "Message-ID: <hello@example.net>",
        "",
        "Just saying hello.",
      ].join("\r\n"),
    );
    expect(info.response).toMatch(/^250 /);
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.id } })).toBe(before);
    expect(await t.db.rawReport.count({ where: { orgId: org.id, channel: "SMTP" } })).toBe(1);
  });
});
