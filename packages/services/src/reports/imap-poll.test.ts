// IMAP polling against a real Dovecot on loopback (Debian `dovecot-imapd`) and real PostgreSQL: reports
// stored and moved only after commit, a message that keeps failing quarantined after 3 polls, no
// duplicates across polls, and connection problems recorded as the mailbox's last error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { syntheticAggregateGzip } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { type OrgContext, systemContext } from "../context.ts";
import { type RunningDovecot, startDovecot } from "./dovecot-testing.ts";
import { createReportMailbox, listReportMailboxes, testReportMailbox } from "./imap-mailbox.ts";
import { pollReportMailbox } from "./imap-poll.ts";
import { processRawReport } from "./process.ts";
import { ImapFlow } from "@inboxwatch/deliverability/imap";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let dovecot: RunningDovecot;
let seq = 0;

beforeAll(async () => {
  [t, dovecot] = await Promise.all([createTestDatabase(), startDovecot()]);
  process.env.DATABASE_URL = t.url;
}, 60_000);
afterAll(async () => {
  await dovecot?.stop();
  await t?.drop();
});

async function newOrg(): Promise<OrgContext> {
  seq++;
  const org = await t.db.organization.create({ data: { name: `IMAP org ${seq}`, slug: `imap-org-${seq}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

/** A report mail as Google sends it: a short text part and the gzipped XML attached (RFC 7489 §7.2.1.1). */
function reportMail(seed: number, messageId: string): string {
  const attachment = syntheticAggregateGzip({ seed, records: 5 }).toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    "From: noreply-dmarc-support@google.com",
    "To: dmarc@customer.example",
    `Subject: Report domain: customer.example Submitter: google.com Report-ID: ${seed}`,
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain",
    "",
    "This is an aggregate report.",
    "--b1",
    `Content-Type: application/gzip; name="google.com!customer.example!${seed}.xml.gz"`,
    "Content-Transfer-Encoding: base64",
    `Content-Disposition: attachment; filename="google.com!customer.example!${seed}.xml.gz"`,
    "",
    attachment,
    "--b1--",
    "",
  ].join("\r\n");
}

async function withImap<T>(folderWork: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: dovecot.username, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    return await folderWork(client);
  } finally {
    await client.logout();
  }
}

async function folderCount(path: string[]): Promise<number> {
  return withImap(async (c) => {
    const status = await c.status(path, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });
}

async function inboxCount(): Promise<number> {
  return withImap(async (c) => {
    const status = await c.status("INBOX", { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });
}

/** Large enough to be refused by the small `maxMessageBytes` the test polls with, small enough to append quickly. */
const OVERSIZED = `From: someone@example.net\r\nSubject: not a report\r\nMessage-ID: <too-big@example.net>\r\n\r\n${"x".repeat(70_000)}\r\n`;
const MAX_MESSAGE_BYTES = 50_000;

describe("reports.poll-imap against Dovecot", () => {
  it("stores every report, moves it only after commit, quarantines a message after 3 failed polls, never duplicates", async () => {
    const ctx = await newOrg();
    const mailbox = await createReportMailbox(ctx, {
      host: dovecot.host,
      port: dovecot.port,
      tlsMode: "NONE",
      username: dovecot.username,
      password: dovecot.password,
    });
    expect(await testReportMailbox(ctx, { id: mailbox.id })).toMatchObject({ ok: true, messages: 0 });

    await withImap(async (c) => {
      for (const seed of [1, 2, 3]) await c.append("INBOX", reportMail(seed, `report-${seed}@google.com`));
      await c.append("INBOX", OVERSIZED);
    });
    const deps = { maxMessageBytes: MAX_MESSAGE_BYTES };

    const first = await pollReportMailbox(ctx, { id: mailbox.id }, deps);
    expect(first).toMatchObject({ ok: true, stored: 3, duplicates: 0, failed: 1, quarantined: 0 });
    const raws = await t.db.rawReport.findMany({ where: { orgId: ctx.orgId }, select: { id: true, channel: true } });
    expect(raws).toHaveLength(3);
    expect(raws.every((r) => r.channel === "IMAP")).toBe(true);
    expect(await inboxCount()).toBe(1);
    expect(await folderCount(["Inboxwatch", "Processed"])).toBe(3);

    // The same report delivered again (a reporter's retry) is moved but stored once.
    await withImap((c) => c.append("INBOX", reportMail(1, "report-1@google.com")));
    const second = await pollReportMailbox(ctx, { id: mailbox.id }, deps);
    expect(second).toMatchObject({ ok: true, stored: 0, duplicates: 1, failed: 1, quarantined: 0 });
    expect(await t.db.rawReport.count({ where: { orgId: ctx.orgId } })).toBe(3);

    const third = await pollReportMailbox(ctx, { id: mailbox.id }, deps);
    expect(third).toMatchObject({ ok: true, stored: 0, failed: 1, quarantined: 1 });
    expect(await inboxCount()).toBe(0);
    expect(await folderCount(["Inboxwatch", "Quarantine"])).toBe(1);
    expect(await folderCount(["Inboxwatch", "Processed"])).toBe(4);

    // Polling an empty mailbox changes nothing.
    const fourth = await pollReportMailbox(ctx, { id: mailbox.id }, deps);
    expect(fourth).toMatchObject({ ok: true, stored: 0, duplicates: 0, failed: 0, quarantined: 0 });
    expect(await t.db.rawReport.count({ where: { orgId: ctx.orgId } })).toBe(3);

    const [listed] = await listReportMailboxes(ctx);
    expect(listed).toMatchObject({ ingestedCount: 3, quarantinedCount: 1, lastError: null });
    expect(listed?.lastPollAt).toBeInstanceOf(Date);
    expect(listed?.messages).toHaveLength(1);
    expect(listed?.messages[0]).toMatchObject({ messageKey: "<too-big@example.net>", attempts: 3, subject: "not a report" });
    expect(listed?.messages[0]?.lastError).toMatch(/over the 50000-byte report limit/);
    expect(listed?.messages[0]?.quarantinedAt).toBeInstanceOf(Date);

    // What IMAP stored is what the pipeline parses.
    for (const raw of raws) expect(await processRawReport(sys(), { orgId: ctx.orgId, rawReportId: raw.id })).toEqual({ status: "PARSED" });
    expect(await t.db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(3);
  }, 60_000);

  it("records a refused login as the mailbox's last error and stores nothing", async () => {
    const ctx = await newOrg();
    const mailbox = await createReportMailbox(ctx, {
      host: dovecot.host,
      port: dovecot.port,
      tlsMode: "NONE",
      username: dovecot.username,
      password: "wrong",
    });
    expect(await testReportMailbox(ctx, { id: mailbox.id })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^auth_failed/) as unknown,
    });
    const summary = await pollReportMailbox(ctx, { id: mailbox.id });
    expect(summary.ok).toBe(false);
    const [listed] = await listReportMailboxes(ctx);
    expect(listed?.lastError).toMatch(/^auth_failed/);
    expect(listed?.lastSuccessAt).toBeNull();
  }, 30_000);

  it("refuses a host the egress policy does not allow before connecting", async () => {
    const ctx = await newOrg();
    const mailbox = await createReportMailbox(ctx, {
      host: dovecot.host,
      port: dovecot.port,
      tlsMode: "NONE",
      username: dovecot.username,
      password: dovecot.password,
    });
    const result = await testReportMailbox(ctx, { id: mailbox.id }, { policy: { allow: [] } });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^blocked_by_policy/) as unknown });
  });

  it("does not poll another organization's mailbox", async () => {
    const owner = await newOrg();
    const other = await newOrg();
    const mailbox = await createReportMailbox(owner, {
      host: dovecot.host,
      port: dovecot.port,
      tlsMode: "NONE",
      username: dovecot.username,
      password: dovecot.password,
    });
    await expect(pollReportMailbox(other, { id: mailbox.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
