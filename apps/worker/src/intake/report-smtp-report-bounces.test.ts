// A scheduled report that bounces after a relay accepted it: reports go out with the return path
// report-bounce+<deliveryId>@<REPORT_INBOUND_DOMAIN> (REPORT_BOUNCE_TRACKING), the recipient's server's
// DSN comes back to the report SMTP intake, and the delivery is marked bounced with the server's answer —
// a real corpus DSN (Postfix), real SMTP on loopback both ways. An unknown delivery id is refused at RCPT.
import fs from "node:fs";
import { type AddressInfo } from "node:net";
import path from "node:path";

import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { systemContext } from "@inboxwatch/services";
import { deliverMail } from "@inboxwatch/services/mail";
import { reportReturnPath } from "@inboxwatch/services/scheduled-reports";

import { type RunningReportSmtp, startReportSmtp } from "./report-smtp.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");

let t: TestDatabase;
let intake: RunningReportSmtp;
let deliveryId: string;
let orgId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.REPORT_INBOUND_DOMAIN = "reports.inboxwatch.test";
  intake = await startReportSmtp({ db: t.db, port: 0, host: "127.0.0.1", log: () => {} });
  orgId = (await t.db.organization.create({ data: { name: "Report bounces", slug: "report-bounces" } })).id;
  const edition = await t.db.reportEdition.create({
    data: {
      orgId,
      runKey: "2026-W48",
      title: "Weekly",
      cadence: "weekly",
      audience: "leadership",
      periodFrom: new Date("2026-11-23T00:00:00Z"),
      periodTo: new Date("2026-11-30T00:00:00Z"),
      status: "ready",
    },
  });
  deliveryId = (
    await t.db.reportDelivery.create({
      data: {
        orgId,
        editionId: edition.id,
        channel: "email",
        target: "kijitora@p351355.pool.example.ne.jp",
        targetLabel: "kijitora@p351355.pool.example.ne.jp",
        status: "sent",
      },
    })
  ).id;
});
afterAll(async () => {
  await intake?.stop();
  delete process.env.REPORT_INBOUND_DOMAIN;
  await t?.drop();
});

function sendTo(to: string, raw: Buffer | string) {
  return nodemailer
    .createTransport({ host: "127.0.0.1", port: intake.port, secure: false, ignoreTLS: true })
    .sendMail({ envelope: { from: "", to }, raw });
}

describe("report bounces", () => {
  it("sends a report with its delivery's return path as the envelope sender", async () => {
    const senders: string[] = [];
    const relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on("end", () => {
          senders.push(session.envelope.mailFrom ? session.envelope.mailFrom.address : "");
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
    try {
      await deliverMail(systemContext(t.db, "test"), {
        to: "cmo@example.test",
        subject: "Report",
        text: "…",
        envelopeFrom: reportReturnPath(deliveryId),
      });
    } finally {
      delete process.env.SMTP_URL;
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
    expect(senders).toEqual([`report-bounce+${deliveryId}@reports.inboxwatch.test`]);
  });

  it("marks the delivery bounced with the recipient server's answer when its DSN comes back", async () => {
    const dsn = fs.readFileSync(path.join(CORPUS, "bounces", "sisimai", "lhost-postfix-01.eml"));
    const info = await sendTo(reportReturnPath(deliveryId), dsn);
    expect(info.response).toMatch(/^250 /);
    const row = await t.db.reportDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(row.status).toBe("bounced");
    expect(row.lastError).toMatch(/5\.\d\.\d/);
    // Not an organization report: nothing stored as one, no delivery events for the customer's dashboards.
    expect(await t.db.rawReport.count({ where: { orgId } })).toBe(0);
    expect(await t.db.deliveryEvent.count({ where: { orgId } })).toBe(0);
  });

  it("refuses a return path that names no report delivery", async () => {
    await expect(sendTo("report-bounce+ckzzzzzzzzzzzzzzzzzzzzzzzz@reports.inboxwatch.test", "Subject: x\r\n\r\nx")).rejects.toThrow(/550/);
  });
});
