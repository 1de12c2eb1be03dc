// "Poll now" and the 5-minute tick against real PostgreSQL and pg-boss's job table: one job per mailbox
// while one waits or runs, however often or concurrently it is asked for; a finished poll frees the slot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { sendJob } from "@inboxwatch/jobs";

import { type OrgContext, systemContext } from "../context.ts";
import { createReportMailbox, setReportMailboxEnabled } from "./imap-mailbox.ts";
import { lockEnqueue, requestMailboxPoll, scheduleMailboxPolls } from "./imap-poll-queue.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
}, 60_000);
afterAll(async () => t?.drop());

async function newOrg(): Promise<OrgContext> {
  seq++;
  const org = await t.db.organization.create({ data: { name: `Poll org ${seq}`, slug: `poll-org-${seq}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

async function newMailbox(ctx: OrgContext) {
  return createReportMailbox(ctx, { host: "imap.poll.test", username: "dmarc@poll.test", password: "secret-password" });
}

/** Each check is a round trip to PostgreSQL: this bounds the loop, not a sleep. */
const LOCK_WAIT_MAX_CHECKS = 5_000;

async function someoneWaitsForLock(): Promise<boolean> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from pg_locks where locktype = 'advisory' and not granted`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

async function jobsOf(mailboxId: string): Promise<{ state: string; data: { orgId: string; mailboxId: string } }[]> {
  return t.db.$queryRawUnsafe(
    `select state::text as state, data from pgboss.job where name = 'reports.poll-imap' and data->>'mailboxId' = $1`,
    mailboxId,
  );
}

describe("queuing reports.poll-imap", () => {
  it("Poll now queues exactly one job, and further clicks while it waits queue none", async () => {
    const ctx = await newOrg();
    const box = await newMailbox(ctx);
    const first = await requestMailboxPoll(ctx, { id: box.id });
    expect(first.queued).toBe(true);
    expect(first.requestedAt).toBeInstanceOf(Date);
    expect(await requestMailboxPoll(ctx, { id: box.id })).toMatchObject({ queued: false });
    // Impatient users click several times at once: none of them adds a job.
    const burst = await Promise.all(Array.from({ length: 5 }, () => requestMailboxPoll(ctx, { id: box.id })));
    expect(burst.filter((r) => r.queued)).toHaveLength(0);
    expect(await jobsOf(box.id)).toEqual([{ state: "created", data: { orgId: ctx.orgId, mailboxId: box.id } }]);
    const audit = await t.db.auditLog.findMany({ where: { orgId: ctx.orgId, action: "report.mailbox.poll" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "ReportMailbox", targetId: box.id });
  });

  it("a click racing another enqueue waits for it and then sees its job", async () => {
    const ctx = await newOrg();
    const box = await newMailbox(ctx);
    // Another caller holds the enqueue lock and has not committed its job yet.
    let commitOther = () => undefined as void;
    const otherMayCommit = new Promise<void>((resolve) => (commitOther = resolve));
    let otherHasLock = () => undefined as void;
    const lockTaken = new Promise<void>((resolve) => (otherHasLock = resolve));
    const other = t.db.$transaction(async (tx) => {
      await lockEnqueue({ db: tx });
      otherHasLock();
      await otherMayCommit;
      await sendJob("reports.poll-imap", { orgId: ctx.orgId, mailboxId: box.id }, { tx });
    });
    await lockTaken;
    const click = requestMailboxPoll(ctx, { id: box.id });
    // Without the lock the click would look now, see no committed job, and queue a second one.
    for (let i = 0; !(await someoneWaitsForLock()); i++)
      if (i > LOCK_WAIT_MAX_CHECKS) throw new Error("the click never waited for the enqueue lock");
    commitOther();
    await other;
    expect(await click).toMatchObject({ queued: false });
    expect(await jobsOf(box.id)).toHaveLength(1);
  });

  it("waits while the poll runs and queues again once it has finished", async () => {
    const ctx = await newOrg();
    const box = await newMailbox(ctx);
    await requestMailboxPoll(ctx, { id: box.id });
    await t.db.$executeRawUnsafe(
      `update pgboss.job set state = 'active', started_on = now() where name = 'reports.poll-imap' and data->>'mailboxId' = $1`,
      box.id,
    );
    expect(await requestMailboxPoll(ctx, { id: box.id })).toMatchObject({ queued: false });
    await t.db.$executeRawUnsafe(
      `update pgboss.job set state = 'completed', completed_on = now() where name = 'reports.poll-imap' and data->>'mailboxId' = $1`,
      box.id,
    );
    expect(await requestMailboxPoll(ctx, { id: box.id })).toMatchObject({ queued: true });
    expect((await jobsOf(box.id)).map((j) => j.state).sort()).toEqual(["completed", "created"]);
  });

  it("refuses a paused mailbox and another organization's mailbox", async () => {
    const ctx = await newOrg();
    const other = await newOrg();
    const box = await newMailbox(ctx);
    await expect(requestMailboxPoll(other, { id: box.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await setReportMailboxEnabled(ctx, { id: box.id, enabled: false });
    await expect(requestMailboxPoll(ctx, { id: box.id })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await jobsOf(box.id)).toHaveLength(0);
  });

  it("the tick queues each enabled mailbox once and skips those with a poll waiting or running", async () => {
    // The other tests' mailboxes are in the same database: start from no pending poll at all.
    await t.db.$executeRawUnsafe(`delete from pgboss.job where name = 'reports.poll-imap'`);
    await t.db.reportMailbox.updateMany({ data: { enabled: false } });
    const ctx = await newOrg();
    const waiting = await newMailbox(ctx);
    const idle = await newMailbox(ctx);
    await requestMailboxPoll(ctx, { id: waiting.id });
    expect(await scheduleMailboxPolls(sys())).toEqual({ queued: 1 });
    expect(await jobsOf(waiting.id)).toHaveLength(1);
    expect(await jobsOf(idle.id)).toHaveLength(1);
    // The next tick, with both polls still waiting, adds nothing.
    expect(await scheduleMailboxPolls(sys())).toEqual({ queued: 0 });
    expect(await requestMailboxPoll(ctx, { id: idle.id })).toMatchObject({ queued: false });
  });
});
