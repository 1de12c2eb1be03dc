import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { systemContext } from "@inboxwatch/services";
import { type SessionUser } from "@inboxwatch/services/user";
import { acceptLogBatch, processLogBatch, proveSyslogSourceByLine, recordQueueSnapshot } from "@inboxwatch/services/ingest";

import { createTestWorld, type TestWorld } from "../testing.ts";

let w: TestWorld;
let owner: SessionUser, other: SessionUser;
let org: { id: string; slug: string };
const RANGE = { from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" };

const sent = (id: string, to: string, time: string, delay: number) =>
  `2026-03-01T${time}Z mx postfix/smtp[2]: ${id}: to=<${to}>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=${delay}, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)`;
const deferred = (id: string, to: string, time: string) =>
  `2026-03-01T${time}Z mx postfix/smtp[3]: ${id}: to=<${to}>, relay=mta5.am0.yahoodns.net[192.0.2.3]:25, delay=300, delays=0/0/0.5/0.5, dsn=4.7.0, status=deferred (host mta5.am0.yahoodns.net[192.0.2.3] said: 421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command))`;
const bounced = (id: string, to: string, time: string) =>
  `2026-03-01T${time}Z mx postfix/smtp[4]: ${id}: to=<${to}>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.1] said: 550-5.1.1 The email account that you tried to reach does not exist. <${to}> (in reply to RCPT TO command))`;

beforeAll(async () => {
  w = await createTestWorld();
  owner = await w.user("owner@d.test");
  other = await w.user("other@e.test");
  org = await w.org(owner, "deliv");
  await w.org(other, "elsewhere");
  const ctx = { db: w.t.db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "test" } };
  const lines: string[] = [];
  for (let i = 0; i < 30; i++)
    lines.push(sent(`5E${String(i).padStart(4, "0")}`, `u${i}@gmail.com`, `10:00:${String(i).padStart(2, "0")}`, i + 1));
  for (let i = 0; i < 5; i++) lines.push(deferred(`DE${String(i).padStart(4, "0")}`, `y${i}@yahoo.com`, `11:00:0${i}`));
  lines.push(bounced("B00000", "gone@gmail.com", "11:30:00"), bounced("B00001", "gone2@gmail.com", "11:31:00"), "this is not a log line");
  const a = await acceptLogBatch(ctx, { source: "mx1", format: "postfix", text: Buffer.from(`${lines.join("\n")}\n`) });
  await processLogBatch(systemContext(w.t.db, "test"), { batchId: a.id });
  await recordQueueSnapshot(ctx, { source: "mx1", time: "2026-03-01T10:05:00Z", active: 2, deferred: 40, hold: 0, oldestAgeSeconds: 900 });
});
afterAll(async () => w?.t.drop());

describe("deliverability router", () => {
  it("summarises outcomes, categories, reply texts and latency percentiles for the range", async () => {
    const s = await w.caller(owner, org.slug).deliverability.summary(RANGE);
    expect(s.totals).toMatchObject({ sent: 30, deferred: 5, bounced: 2, attempts: 37 });
    expect(s.totals.deferralRate).toBeCloseTo(5 / 37);
    expect(s.series.filter((p) => p.status === "sent").map((p) => p.hour)).toEqual(["2026-03-01T10:00:00.000Z"]);
    expect(s.categories.find((c) => c.status === "bounced")).toMatchObject({ category: "user_unknown", count: 2 });
    expect(s.codeClasses).toEqual(
      expect.arrayContaining([
        { class: "4xx", status: "deferred", count: 5 },
        { class: "5xx", status: "bounced", count: 2 },
      ]),
    );
    const bounceText = s.topReplies.find((r) => r.status === "bounced");
    expect(bounceText?.count).toBe(2);
    expect(bounceText?.text).toContain("<address>");
    expect(bounceText?.text).not.toContain("gone@gmail.com");
    const google = s.latency.find((l) => l.provider === "google");
    expect(google).toMatchObject({ count: 30, p50: 15.5 });
    expect(google?.p95).toBeCloseTo(28.55);
    expect(s.providers.find((p) => p.provider === "yahoo")).toMatchObject({ deferred: 5 });
  });

  it("finds events by typed recipient address, queue id and code, page by page", async () => {
    const c = w.caller(owner, org.slug).deliverability;
    const byAddress = await c.events({ recipient: "  U7@Gmail.com " });
    expect(byAddress.events.map((e) => e.queueId)).toEqual(["5E0007"]);
    expect(byAddress.events[0]?.recipient).toBeNull();
    expect((await c.events({ queueId: "DE0003" })).events).toHaveLength(1);
    expect((await c.events({ replyCode: "5.1.1" })).events).toHaveLength(2);
    expect((await c.events({ replyCode: "421" })).events).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await c.events({ limit: 10, cursor });
      seen.push(...r.events.map((e) => e.id));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toHaveLength(37);
    expect(new Set(seen).size).toBe(37);
  });

  it("narrows events to an analytics segment: provider, sending domain, server (null: mapped to none) and a time range", async () => {
    const c = w.caller(owner, org.slug).deliverability;
    expect((await c.events({ provider: "yahoo" })).events).toHaveLength(5);
    expect((await c.events({ provider: "google", status: "bounced" })).events.map((e) => e.queueId).sort()).toEqual(["B00000", "B00001"]);
    expect((await c.events({ serverId: null, limit: 100 })).events).toHaveLength(37);
    expect((await c.events({ serverId: "not-a-server-of-this-org" })).events).toEqual([]);
    expect((await c.events({ senderDomain: "nowhere.example" })).events).toEqual([]);
    expect((await c.events({ campaign: "no-such-campaign" })).events).toEqual([]);
    expect((await c.events({ from: "2026-03-01T11:00:00Z", to: "2026-03-01T11:30:00Z" })).events).toHaveLength(5);
  });

  it("shows the unparsed sample per source and the queue series beside latency", async () => {
    const c = w.caller(owner, org.slug).deliverability;
    const [src] = await c.unparsedSamples();
    expect(src).toMatchObject({ source: "mx1", lines: 38, unparsed: 1, unparsedSample: ["this is not a log line"] });
    const q = await c.queueSnapshots(RANGE);
    expect(q.snapshots).toMatchObject([{ deferred: 40, oldestAgeSeconds: 900 }]);
    expect(q.latency[0]?.meanDelaySeconds).toBeCloseTo(15.5);
    expect((await c.intake()).batches).toEqual({ PROCESSED: 1 });
  });

  it("shows another organization nothing of this one's events", async () => {
    const theirs = w.caller(other, "elsewhere").deliverability;
    expect((await theirs.summary(RANGE)).totals.attempts).toBe(0);
    expect((await theirs.events({ queueId: "5E0007" })).events).toEqual([]);
    await expect(w.caller(other, org.slug).deliverability.summary(RANGE)).rejects.toMatchObject({
      code: "NOT_FOUND",
    } satisfies Partial<TRPCError>);
  });

  it("lets organizations claim a syslog source address; once one proves it, another gets CONFLICT and cannot remove it", async () => {
    const mine = w.caller(owner, org.slug).deliverability;
    const theirs = w.caller(other, "elsewhere").deliverability;
    const row = await mine.syslogSources.create({ address: "203.0.113.25", label: "mx1" });
    expect(await mine.syslogSources.list()).toMatchObject([{ address: "203.0.113.25", label: "mx1", state: "pending" }]);
    // Unproven claims do not exclude each other (issue 20 item 10): the first proof decides.
    const rival = await theirs.syslogSources.create({ address: "203.0.113.25" });
    expect(await proveSyslogSourceByLine(systemContext(w.t.db, "test"), { orgId: org.id, peer: "203.0.113.25" })).toBe("verified");
    expect(await mine.syslogSources.list()).toMatchObject([{ address: "203.0.113.25", state: "verified", verifiedVia: "TOKENED_LINE" }]);
    expect(await theirs.syslogSources.list()).toMatchObject([{ id: rival.id, state: "refused" }]);
    await expect(theirs.syslogSources.create({ address: "203.0.113.25" })).rejects.toMatchObject({
      code: "CONFLICT",
    } satisfies Partial<TRPCError>);
    await expect(theirs.syslogSources.remove({ id: row.id })).rejects.toMatchObject({ code: "NOT_FOUND" } satisfies Partial<TRPCError>);
    await expect(mine.syslogSources.create({ address: "203.0.113.0/24" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    } satisfies Partial<TRPCError>);
    await theirs.syslogSources.remove({ id: rival.id });
    expect(await theirs.syslogSources.list()).toEqual([]);
  });

  it("lists no throttling episode for a few rate-limit replies that follow no send spike", async () => {
    expect(await w.caller(owner, org.slug).deliverability.detections(RANGE)).toEqual([]);
  });
});
