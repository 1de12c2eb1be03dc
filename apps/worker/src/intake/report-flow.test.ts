// The whole path in a running worker: a report mailed to the worker's SMTP intake is stored, its
// reports.process job is worked by pg-boss, and the DMARC rows appear — within seconds, not a day.
import fs from "node:fs";
import path from "node:path";

import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type RunningWorker, startWorker } from "../worker.ts";
import { eventually } from "../testing.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");

let t: TestDatabase;
let worker: RunningWorker;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  worker = await startWorker({
    db: t.db,
    databaseUrl: t.url,
    healthPort: 0,
    concurrency: 2,
    log: () => {},
    reportSmtp: { host: "127.0.0.1", port: 0 },
  });
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
});

describe("report intake in the worker", () => {
  it("mail to dmarc+<token>@ becomes DMARC report and record rows", async () => {
    const org = await t.db.organization.create({ data: { name: "Flow", slug: "flow" }, select: { id: true, ingestToken: true } });
    expect(worker.reportSmtpPort).toBeGreaterThan(0);
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: worker.reportSmtpPort ?? 0, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: "noreply-dmarc-support@google.com",
      to: `dmarc+${org.ingestToken}@reports.inboxwatch.test`,
      subject: "Report domain: example.com Submitter: google.com",
      text: "report attached",
      attachments: [
        {
          filename: "report.xml.gz",
          content: fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", "parsedmarc/extract_report/nice-input.xml.gz")),
        },
      ],
    });
    const report = await eventually(() => t.db.dmarcReport.findFirst({ where: { orgId: org.id } }));
    expect(report).toMatchObject({ reportId: "11038226378739404135", recordCount: 20, messageCount: 3047 });
    expect(await t.db.dmarcRecord.count({ where: { orgId: org.id } })).toBe(20);
    expect((await t.db.rawReport.findFirstOrThrow({ where: { orgId: org.id } })).status).toBe("PARSED");
  });
});
