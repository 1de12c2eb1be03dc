// The inbound report SMTP server end to end on loopback: nodemailer delivers, the raw report is committed
// (and its job queued) before the 250, unknown addresses are refused, SIZE is enforced, STARTTLS works,
// and a storage failure answers 451 so the sender retries.
import fs from "node:fs";
import path from "node:path";

import nodemailer from "nodemailer";
import * as selfsigned from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Db } from "@inboxwatch/db";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { REPORT_SMTP_MAX_MESSAGE_BYTES, type RunningReportSmtp, startReportSmtp } from "./report-smtp.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");
const REPORT = fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", "parsedmarc/extract_report/nice-input.xml.gz"));

let t: TestDatabase;
let smtp: RunningReportSmtp;
let org: { id: string; ingestToken: string };
let other: { id: string; ingestToken: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  org = await t.db.organization.create({ data: { name: "A", slug: "smtp-a" }, select: { id: true, ingestToken: true } });
  other = await t.db.organization.create({ data: { name: "B", slug: "smtp-b" }, select: { id: true, ingestToken: true } });
  smtp = await startReportSmtp({ db: t.db, port: 0, host: "127.0.0.1", log: () => {} });
});
afterAll(async () => {
  await smtp?.stop();
  await t?.drop();
});

function transport(port: number, extra: object = {}) {
  return nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, ...extra });
}

function reportMail(to: string | string[], content: Buffer = REPORT) {
  return {
    from: "noreply-dmarc-support@google.com",
    to,
    subject: "Report domain: example.com Submitter: google.com Report-ID: 11038226378739404135",
    text: "DMARC aggregate report",
    attachments: [{ filename: "google.com!example.com!1718236800!1718323199.xml.gz", content, contentType: "application/gzip" }],
  };
}

async function queued(rawReportId: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from pgboss.job where name = 'reports.process' and data->>'rawReportId' = $1`,
    rawReportId,
  );
  return Number(rows[0]?.n ?? 0);
}

describe("report SMTP intake", () => {
  it("stores the message for the organization named by the token before answering 250, with its job queued", async () => {
    const info = await transport(smtp.port).sendMail(reportMail(`dmarc+${org.ingestToken}@reports.inboxwatch.test`));
    expect(info.response).toMatch(/^250 /);
    // No polling: the 250 came after the commit.
    const raw = await t.db.rawReport.findFirstOrThrow({ where: { orgId: org.id } });
    expect(raw.channel).toBe("SMTP");
    expect(raw.status).toBe("PENDING");
    expect(await queued(raw.id)).toBe(1);
    expect(await t.db.rawReport.count({ where: { orgId: other.id } })).toBe(0);
  });

  it("the same message delivered again (a retrying MTA) is accepted and stored once", async () => {
    // An MTA retries with the very same bytes.
    const to = `tlsrpt+${other.ingestToken}@reports.inboxwatch.test`;
    const raw = [
      "From: tlsrpt-noreply@microsoft.com",
      `To: ${to}`,
      "Subject: Report Domain: example.com Submitter: microsoft.com Report-ID: <retry-1>",
      "Message-ID: <retry-1@microsoft.com>",
      "Content-Type: application/tlsrpt+json",
      "",
      fs.readFileSync(path.join(CORPUS, "tls-rpt", "dmarc-report-viewer/microsoft.json"), "utf8"),
    ].join("\r\n");
    for (let i = 0; i < 3; i++) await transport(smtp.port).sendMail({ envelope: { from: "tlsrpt-noreply@microsoft.com", to }, raw });
    expect(await t.db.rawReport.count({ where: { orgId: other.id } })).toBe(1);
  });

  it("refuses unknown tokens and foreign addresses with 550", async () => {
    await expect(transport(smtp.port).sendMail(reportMail(`dmarc+${"0".repeat(32)}@reports.inboxwatch.test`))).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(transport(smtp.port).sendMail(reportMail("postmaster@reports.inboxwatch.test"))).rejects.toMatchObject({
      responseCode: 550,
    });
  });

  it("refuses a message over SIZE (25 MiB) with 552, storing nothing", async () => {
    const before = await t.db.rawReport.count();
    const big = Buffer.alloc(REPORT_SMTP_MAX_MESSAGE_BYTES + 1024, 0x41);
    await expect(transport(smtp.port).sendMail(reportMail(`fbl+${org.ingestToken}@x.test`, big))).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(await t.db.rawReport.count()).toBe(before);
  });

  it("answers 451 (try again) when the report cannot be committed", async () => {
    // A database whose writes fail: the lookup works, the store (a transaction or one raw statement) does not.
    const failing: Db = new Proxy(t.db, {
      get(target, prop, receiver): unknown {
        if (prop === "$transaction" || prop === "$queryRawUnsafe") return () => Promise.reject(new Error("connection lost"));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const flaky = await startReportSmtp({ db: failing, port: 0, host: "127.0.0.1", log: () => {} });
    try {
      await expect(
        transport(flaky.port).sendMail(reportMail(`dmarc+${org.ingestToken}@x.test`, Buffer.from("other bytes"))),
      ).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await flaky.stop();
    }
  });

  it("offers STARTTLS with a configured certificate and stores mail sent over it", async () => {
    // selfsigned 3 returns a promise although its typings say otherwise.
    const pems = await Promise.resolve(selfsigned.generate([{ name: "commonName", value: "reports.inboxwatch.test" }], { keySize: 2048 }));
    const secure = await startReportSmtp({
      db: t.db,
      port: 0,
      host: "127.0.0.1",
      tls: { key: pems.private, cert: pems.cert },
      log: () => {},
    });
    try {
      const info = await transport(secure.port, { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false } }).sendMail(
        reportMail(`bounces+${org.ingestToken}@x.test`, Buffer.from("tls report bytes")),
      );
      expect(info.response).toMatch(/^250 /);
      expect(await t.db.rawReport.count({ where: { orgId: org.id, sizeBytes: { gt: 0 } } })).toBe(2);
    } finally {
      await secure.stop();
    }
  });
});
