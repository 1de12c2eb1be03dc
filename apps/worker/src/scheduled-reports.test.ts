/**
 * Scheduled reports through the real worker (issue 14 points 3–5 and "Bad input and faults"): the schedule
 * sweep creates the run's edition, the build freezes the figures and renders the PDF with the real
 * Chromium, and each recipient and channel gets it — a real SMTP receiver on loopback (the HTML and the PDF
 * attachment parsed with mailparser, one address refused with 550 and recorded as bounced), a Slack receiver
 * and a webhook receiver verifying the Standard Webhooks signature. A second sweep sends nothing again.
 */
import { type AddressInfo } from "node:net";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createChannel } from "@inboxwatch/alerting";
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from "@inboxwatch/alerting/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext, systemContext } from "@inboxwatch/services";
import { createReportDefinition, scheduleDueReports } from "@inboxwatch/services/scheduled-reports";

import { eventually } from "./testing.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

interface AcceptedMail {
  to: string;
  raw: Buffer;
}

/** An SMTP receiver that refuses the addresses in `refuse` at RCPT TO (550) and keeps what it accepted. */
async function startMailReceiver(refuse: Set<string>) {
  const accepted: AcceptedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    closeTimeout: 100,
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address))
        return callback(Object.assign(new Error("5.1.1 <" + address.address + ">: mailbox unavailable"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) accepted.push({ to: r.address, raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let t: TestDatabase;
let worker: RunningWorker | undefined;
let mail: Awaited<ReturnType<typeof startMailReceiver>>;
const receivers: HttpReceiver[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  mail = await startMailReceiver(new Set(["gone@partner.test"]));
  process.env.SMTP_URL = `smtp://127.0.0.1:${mail.port}`;
  process.env.APP_URL = "http://reports.test";
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await mail?.close();
  delete process.env.SMTP_URL;
  await t?.drop();
});

describe("a scheduled report through the worker", () => {
  it("is built once and reaches every member, address and channel; a refused address is recorded as bounced", async () => {
    const org = await t.db.organization.create({ data: { name: "Acme Mail", slug: "acme-mail", timeZone: "Europe/Paris" } });
    const owner = await t.db.user.create({ data: { email: "owner@acme.test", name: "Olivia" } });
    const viewer = await t.db.user.create({ data: { email: "viewer@acme.test", name: "Victor" } });
    await t.db.membership.create({ data: { orgId: org.id, userId: owner.id, role: "OWNER" } });
    await t.db.membership.create({ data: { orgId: org.id, userId: viewer.id, role: "VIEWER" } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" }, role: "OWNER" };

    const slack = await startHttpReceiver(() => ({ status: 200, body: "ok" }));
    receivers.push(slack);
    const hooks: ReceivedRequest[] = [];
    const hook = await startHttpReceiver((req) => {
      hooks.push(req);
      return { status: 204 };
    });
    receivers.push(hook);
    const slackChannel = await createChannel(ctx, {
      kind: "slack",
      name: "#deliverability",
      config: { url: `http://127.0.0.1:${slack.port}/hook` },
    });
    const webhook = await createChannel(ctx, { kind: "webhook", name: "BI", config: { url: `http://127.0.0.1:${hook.port}/report` } });

    const definition = await createReportDefinition(ctx, {
      name: "Weekly deliverability",
      cadence: "weekly",
      weekday: 1,
      sendHour: 8,
      audience: "leadership",
      recipientRoles: ["OWNER"],
      recipientEmails: ["cmo@partner.test", "gone@partner.test"],
      channelIds: [slackChannel.channel.id, webhook.channel.id],
    });
    // Due now: the Monday 08:00 (Paris) that ends the week of 23–29 November 2026.
    await t.db.reportDefinition.update({ where: { id: definition.id }, data: { nextRunAt: new Date("2026-11-30T07:00:00Z") } });

    worker = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 2, log: () => {} });
    const sweep = await scheduleDueReports(systemContext(t.db, "test"), { now: new Date("2026-11-30T07:01:00Z") });
    expect(sweep).toEqual({ due: 1, queued: 1 });

    const deliveries = await eventually(async () => {
      const rows = await t.db.reportDelivery.findMany({ where: { orgId: org.id }, orderBy: { targetLabel: "asc" } });
      return rows.length === 5 && rows.every((r) => r.status !== "pending" && r.status !== "sending") ? rows : null;
    }, 90_000);
    expect(deliveries.map((d) => [d.channel, d.targetLabel, d.status]).sort()).toEqual([
      ["email", "cmo@partner.test", "sent"],
      ["email", "gone@partner.test", "bounced"],
      ["email", "owner@acme.test", "sent"],
      ["slack", "#deliverability", "sent"],
      ["webhook", "BI", "sent"],
    ]);
    expect(deliveries.find((d) => d.status === "bounced")?.lastError).toMatch(/550|mailbox unavailable/);

    const edition = await t.db.reportEdition.findFirstOrThrow({ where: { orgId: org.id } });
    expect(edition.status).toBe("ready");
    expect(edition.runKey).toBe("2026-W48");
    expect(edition.periodFrom.toISOString()).toBe("2026-11-22T23:00:00.000Z");
    expect(
      Buffer.from(edition.pdf ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // The owner's mail: HTML with the report's title and a link into the app, the PDF attached.
    const ownerMail = mail.accepted.filter((m) => m.to === "owner@acme.test");
    expect(ownerMail).toHaveLength(1);
    const parsed = await simpleParser(ownerMail[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toContain("Weekly deliverability report");
    expect(parsed.html).toContain("<table");
    expect(parsed.html).toContain(`http://reports.test/acme-mail/scheduled-reports/${edition.id}`);
    expect(parsed.text).toBeTruthy();
    const pdf = parsed.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf?.content.subarray(0, 5).toString()).toBe("%PDF-");
    // An external address cannot sign in: its link is a share link, not the app.
    const external = await simpleParser(mail.accepted.find((m) => m.to === "cmo@partner.test")?.raw ?? Buffer.alloc(0));
    expect(external.html).toMatch(/http:\/\/reports\.test\/share\/reports\/[A-Za-z0-9_-]{43}/);
    expect(mail.accepted.filter((m) => m.to === "gone@partner.test")).toHaveLength(0);

    // Slack: the headline and a link; the webhook: signed with the channel's secret, the PDF link in the data.
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.body).toContain("Weekly deliverability report");
    expect(hooks).toHaveLength(1);
    const verified = new Webhook(webhook.webhookSecret ?? "").verify(hooks[0]?.body ?? "", hooks[0]?.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(verified.type).toBe("report.sent");
    expect(JSON.stringify(verified.data)).toMatch(/\/share\/reports\/[A-Za-z0-9_-]{43}\/pdf/);

    // The same run again: nothing new is built or sent.
    await t.db.reportDefinition.update({ where: { id: definition.id }, data: { nextRunAt: new Date("2026-11-30T07:00:00Z") } });
    expect(await scheduleDueReports(systemContext(t.db, "test"), { now: new Date("2026-11-30T07:06:00Z") })).toEqual({ due: 1, queued: 0 });
    expect(await t.db.reportEdition.count({ where: { orgId: org.id } })).toBe(1);
    const next = await t.db.reportDefinition.findUniqueOrThrow({ where: { id: definition.id } });
    expect(next.nextRunAt?.toISOString()).toBe("2026-12-07T07:00:00.000Z");
  }, 120_000);
});
