/**
 * The report-mailbox "Poll now" through tRPC: one job in pg-boss's table however often it is pressed, an
 * audit entry, and the roles that may press it. (The procedure matrix covers foreign organizations and
 * VIEWERs for every procedure.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, trpcCode as code, type TestWorld } from "../testing.ts";

let w: TestWorld;
let owner: SessionUser, ops: SessionUser, viewer: SessionUser;
let slug: string;
let mailboxId: string;

beforeAll(async () => {
  w = await createTestWorld();
  owner = await w.user("owner@poll.test");
  ops = await w.user("ops@poll.test");
  viewer = await w.user("viewer@poll.test");
  const org = await w.org(owner, "poll-now");
  slug = org.slug;
  await w.addMember(org.id, ops, "OPS");
  await w.addMember(org.id, viewer, "VIEWER");
  mailboxId = (
    await w
      .caller(owner, slug)
      .reports.mailboxes.create({ host: "imap.poll.test", username: "dmarc@poll.test", password: "mailbox-password" })
  ).id;
});
afterAll(async () => w?.t.drop());

async function pollJobs(): Promise<{ data: { mailboxId: string } }[]> {
  return w.t.db.$queryRawUnsafe(`select data from pgboss.job where name = 'reports.poll-imap' and data->>'mailboxId' = $1`, mailboxId);
}

describe("reports.mailboxes.poll", () => {
  it("queues exactly one poll job; pressing again while it waits queues none", async () => {
    const first = await w.caller(owner, slug).reports.mailboxes.poll({ id: mailboxId });
    expect(first).toMatchObject({ queued: true });
    expect(await w.caller(owner, slug).reports.mailboxes.poll({ id: mailboxId })).toMatchObject({ queued: false });
    // Same permission as the other mailbox writes (reports.write): OPS may, and still adds nothing.
    expect(await w.caller(ops, slug).reports.mailboxes.poll({ id: mailboxId })).toMatchObject({ queued: false });
    expect(await pollJobs()).toHaveLength(1);
    const audit = await w.caller(owner, slug).audit.list({});
    expect(audit.items.filter((e) => e.action === "report.mailbox.poll").map((e) => e.targetId)).toEqual([mailboxId]);
  });

  it("is refused to a VIEWER, and to everyone for a paused mailbox", async () => {
    expect(await code(w.caller(viewer, slug).reports.mailboxes.poll({ id: mailboxId }))).toBe("FORBIDDEN");
    await w.caller(owner, slug).reports.mailboxes.setEnabled({ id: mailboxId, enabled: false });
    expect(await code(w.caller(owner, slug).reports.mailboxes.poll({ id: mailboxId }))).toBe("BAD_REQUEST");
    expect(await pollJobs()).toHaveLength(1);
  });
});
