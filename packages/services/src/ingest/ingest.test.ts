import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { acceptLogBatch } from "./accept-batch.ts";
import { maintainIngest } from "./maintain.ts";
import { processLogBatch } from "./process-batch.ts";
import { setKeepRecipientAddresses } from "./settings.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;

const qmgr = (id: string, from: string, t0 = "10:00:00") =>
  `Mar  1 ${t0} mx postfix/qmgr[1]: ${id}: from=<${from}>, size=100, nrcpt=1 (queue active)`;
const sent = (id: string, to: string, t0 = "10:00:01") =>
  `Mar  1 ${t0} mx postfix/smtp[2]: ${id}: to=<${to}>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1.5, delays=0.1/0.1/0.4/0.9, dsn=2.0.0, status=sent (250 2.0.0 Ok)`;
const bounced = (id: string, to: string) =>
  `Mar  1 10:00:02 mx postfix/smtp[3]: ${id}: to=<${to}>, relay=mx.example.org[192.0.2.2]:25, delay=2, delays=0.1/0/1/0.9, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.2] said: 550 5.1.1 <${to}>: Recipient address rejected: User unknown (in reply to RCPT TO command))`;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = await t.db.organization.create({ data: { name: "Ingest", slug: "ingest" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => t?.drop());

describe("log batches", () => {
  it("acknowledges a batch with its job and processes it into events and rollups", async () => {
    const text = Buffer.from(
      [qmgr("AAA111", "news@brand.example"), sent("AAA111", "Alice@Gmail.com"), bounced("AAA111", "bob@example.org"), ""].join("\n"),
    );
    const accepted = await acceptLogBatch(ctx, { source: "mx1", format: "postfix", text });
    expect(accepted).toMatchObject({ lineCount: 3, duplicate: false });
    const jobs = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from pgboss.job where name = 'ingest.process-batch' and data->>'batchId' = $1`,
      accepted.id,
    );
    expect(Number(jobs[0]?.n)).toBe(1);
    const r = await processLogBatch(sys(), { batchId: accepted.id });
    expect(r).toMatchObject({ status: "processed", lines: 3, events: 2, inserted: 2, unparsed: 0 });
    const events = await t.db.deliveryEvent.findMany({ where: { orgId: ctx.orgId }, orderBy: { time: "asc" } });
    expect(events.map((e) => [e.status, e.category, e.provider, e.senderDomain, e.recipient])).toEqual([
      ["sent", "delivered", "google", "brand.example", null],
      ["bounced", "user_unknown", "other", "brand.example", null],
    ]);
    expect(events[0]?.recipientHash).toMatch(/^[0-9a-f]{64}$/);
    const rollups = await t.db.deliveryRollup.findMany({ where: { orgId: ctx.orgId } });
    expect(rollups.reduce((n, x) => n + x.count, 0)).toBe(2);
    expect(rollups.find((x) => x.status === "sent")).toMatchObject({ count: 1, delaySum: 1.5, delayCount: 1 });
  });

  it("stores and counts a batch sent twice with one batch id once", async () => {
    const org = await newOrg("twice");
    const text = Buffer.from(`${qmgr("BBB222", "a@brand.example")}\n${sent("BBB222", "x@gmail.com")}\n`);
    const first = await acceptLogBatch(org, { source: "mx1", format: "auto", batchId: "file-1:0", text });
    const second = await acceptLogBatch(org, { source: "mx1", format: "auto", batchId: "file-1:0", text });
    expect(second).toMatchObject({ id: first.id, batchId: "file-1:0", duplicate: true });
    expect(await t.db.rawLogBatch.count({ where: { orgId: org.orgId } })).toBe(1);
    await processLogBatch(sys(), { batchId: first.id });
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.orgId } })).toBe(1);
  });

  it("counts nothing twice when the job runs twice, or re-runs a processed batch, or the same lines come in another batch", async () => {
    const org = await newOrg("rerun");
    const text = Buffer.from(
      [qmgr("CCC333", "a@brand.example"), sent("CCC333", "x@gmail.com"), bounced("CCC333", "y@example.org"), ""].join("\n"),
    );
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text });
    expect((await processLogBatch(sys(), { batchId: a.id })).inserted).toBe(2);
    expect((await processLogBatch(sys(), { batchId: a.id })).status).toBe("skipped");
    // As if the job had been redelivered after a commit whose acknowledgement was lost.
    await t.db.rawLogBatch.update({ where: { id: a.id }, data: { status: "PENDING" } });
    expect(await processLogBatch(sys(), { batchId: a.id })).toMatchObject({ status: "processed", events: 2, inserted: 0 });
    const b = await acceptLogBatch(org, { source: "mx1", format: "postfix", text });
    expect(await processLogBatch(sys(), { batchId: b.id })).toMatchObject({ events: 2, inserted: 0 });
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.orgId } })).toBe(2);
    expect(await rollupTotal(org.orgId)).toBe(2);
  });

  it("rolls a crashed run back whole and the retry writes everything once", async () => {
    const org = await newOrg("crash");
    const text = Buffer.from([qmgr("DDD444", "a@brand.example"), sent("DDD444", "x@gmail.com"), ""].join("\n"));
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text });
    await expect(
      processLogBatch(sys(), {
        batchId: a.id,
        hooks: {
          afterWrites: () => {
            throw new Error("worker killed");
          },
        },
      }),
    ).rejects.toThrow("worker killed");
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.orgId } })).toBe(0);
    expect(await rollupTotal(org.orgId)).toBe(0);
    expect((await t.db.rawLogBatch.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("PENDING");
    expect((await processLogBatch(sys(), { batchId: a.id })).inserted).toBe(1);
    expect(await rollupTotal(org.orgId)).toBe(1);
    const state = await t.db.logSourceState.findUniqueOrThrow({ where: { orgId_source: { orgId: org.orgId, source: "mx1" } } });
    expect(Number(state.lines)).toBe(2);
  });

  it("correlates a message's from= and its deliveries across batches through the stored state", async () => {
    const org = await newOrg("corr");
    const a = await acceptLogBatch(org, {
      source: "mx1",
      format: "postfix",
      text: Buffer.from(`${qmgr("EEE555", "list@brand.example")}\n`),
    });
    const b = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${sent("EEE555", "z@gmail.com")}\n`) });
    await processLogBatch(sys(), { batchId: a.id });
    await processLogBatch(sys(), { batchId: b.id });
    const [e] = await t.db.deliveryEvent.findMany({ where: { orgId: org.orgId } });
    expect(e?.senderDomain).toBe("brand.example");
  });

  it("counts and samples garbage, 8 KiB lines and invalid UTF-8 without failing, and keeps addresses only when asked", async () => {
    const org = await newOrg("garbage");
    await setKeepRecipientAddresses(org, { keep: true });
    const long = `${sent("FFF666", "long@gmail.com")} ${"x".repeat(8 * 1024)}`;
    const text = Buffer.concat([
      Buffer.from(`garbage one\n\u0000\u0001 binary\n${long}\n`),
      Buffer.from([0xff, 0xfe, 0xc3, 0x0a]),
      Buffer.from(`${sent("FFF667", "caf\u00e9@gmail.com")}\nno newline at the end`),
    ]);
    const a = await acceptLogBatch(org, { source: "mx1", format: "auto", text });
    expect(a.lineCount).toBe(6);
    const r = await processLogBatch(sys(), { batchId: a.id });
    expect(r).toMatchObject({ status: "processed", lines: 6, events: 2, unparsed: 4 });
    const state = await t.db.logSourceState.findUniqueOrThrow({ where: { orgId_source: { orgId: org.orgId, source: "mx1" } } });
    expect(state.unparsedSample).toHaveLength(4);
    expect(Number(state.unparsed)).toBe(4);
    const recipients = (await t.db.deliveryEvent.findMany({ where: { orgId: org.orgId } })).map((e) => e.recipient).sort();
    expect(recipients).toEqual(["caf\u00e9@gmail.com", "long@gmail.com"]);
  });

  it("acknowledged lines equal processed lines and every delivery is counted once (ground truth)", async () => {
    const org = await newOrg("truth");
    const messages = 300;
    const lines: string[] = [];
    let expectedEvents = 0;
    for (let i = 0; i < messages; i++) {
      const id = `Q${String(i).padStart(6, "0")}`;
      const time = `10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
      lines.push(qmgr(id, `s${i % 3}@brand${i % 3}.example`, time), sent(id, `r${i}@gmail.com`, time));
      expectedEvents++;
      if (i % 5 === 0) {
        lines.push(bounced(id, `gone${i}@example.org`));
        expectedEvents++;
      }
      if (i % 7 === 0) lines.push(`garbage ${i}`);
    }
    // Shipped in 7 batches; batch 3 is retried with its id, batch 5 re-sent under a new id (overlap).
    const size = Math.ceil(lines.length / 7);
    const chunks = Array.from({ length: 7 }, (_, k) => `${lines.slice(k * size, (k + 1) * size).join("\n")}\n`);
    const ids: string[] = [];
    for (const [k, c] of chunks.entries())
      ids.push((await acceptLogBatch(org, { source: "mx1", format: "postfix", batchId: `b${k}`, text: Buffer.from(c) })).id);
    expect(
      (await acceptLogBatch(org, { source: "mx1", format: "postfix", batchId: "b3", text: Buffer.from(chunks[3] ?? "") })).duplicate,
    ).toBe(true);
    ids.push((await acceptLogBatch(org, { source: "mx1", format: "postfix", batchId: "b5-again", text: Buffer.from(chunks[5] ?? "") })).id);
    for (const id of ids) await processLogBatch(sys(), { batchId: id });
    await processLogBatch(sys(), { batchId: ids[2] ?? "" });

    const batches = await t.db.rawLogBatch.findMany({ where: { orgId: org.orgId } });
    const acknowledged = batches.reduce((n, b) => n + b.lineCount, 0);
    const state = await t.db.logSourceState.findUniqueOrThrow({ where: { orgId_source: { orgId: org.orgId, source: "mx1" } } });
    expect(Number(state.lines)).toBe(acknowledged);
    expect(acknowledged).toBe(lines.length + (chunks[5] ?? "").split("\n").filter(Boolean).length);
    expect(batches.every((b) => b.status === "PROCESSED")).toBe(true);
    expect(await t.db.deliveryEvent.count({ where: { orgId: org.orgId } })).toBe(expectedEvents);
    expect(await rollupTotal(org.orgId)).toBe(expectedEvents);
    expect(Number(state.events)).toBe(expectedEvents);
  });
});

async function newOrg(slug: string): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

async function rollupTotal(orgId: string): Promise<number> {
  const r = await t.db.deliveryRollup.aggregate({ where: { orgId }, _sum: { count: true } });
  return r._sum.count ?? 0;
}

describe("ingest maintenance", () => {
  it("creates the coming months' partitions, drops months past retention and deletes old processed batches", async () => {
    const org = await newOrg("maintain");
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${sent("ABC777", "m@gmail.com")}\n`) });
    await processLogBatch(sys(), { batchId: a.id });
    await t.db.rawLogBatch.update({ where: { id: a.id }, data: { processedAt: new Date("2020-01-01T00:00:00Z") } });
    await t.db.$executeRawUnsafe(
      `create table "DeliveryEvent_p201901" partition of "DeliveryEvent" for values from ('2019-01-01') to ('2019-02-01')`,
    );
    const marker = { orgId: org.orgId, category: "open", recipientHash: "h" };
    await t.db.messageEngagement.createMany({
      data: [
        { ...marker, messageKey: "old", time: new Date("2019-01-10T00:00:00Z") },
        { ...marker, messageKey: "recent", time: new Date("2027-06-01T00:00:00Z") },
      ],
    });
    const r = await maintainIngest(sys(), { now: new Date("2027-06-15T00:00:00Z") });
    // First-open markers go with the events they deduplicated.
    expect(r.deletedEngagementMarkers).toBe(1);
    expect((await t.db.messageEngagement.findMany({ where: { orgId: org.orgId } })).map((m) => m.messageKey)).toEqual(["recent"]);
    expect(r.createdPartitions).toEqual([
      "DeliveryEvent_p202706",
      "DeliveryEvent_p202707",
      "DeliveryEvent_p202708",
      "DeliveryEvent_p202709",
    ]);
    expect(r.droppedPartitions).toContain("DeliveryEvent_p201901");
    expect(r.droppedPartitions).not.toContain("DeliveryEvent_p202612");
    expect(r.deletedBatches).toBeGreaterThanOrEqual(1);
    // Minute rollups go after 48 h; the hourly and daily ones of the same events stay.
    expect(r.deletedMinuteRollups).toBeGreaterThanOrEqual(1);
    expect(await t.db.deliveryRollupMinute.count({ where: { orgId: org.orgId } })).toBe(0);
    expect(await t.db.deliveryRollup.count({ where: { orgId: org.orgId } })).toBe(1);
    expect(await t.db.deliveryRollupDay.count({ where: { orgId: org.orgId } })).toBe(1);
    expect(await t.db.rawLogBatch.count({ where: { id: a.id } })).toBe(0);
    // Run twice: nothing more to do.
    expect((await maintainIngest(sys(), { now: new Date("2027-06-15T00:00:00Z") })).createdPartitions).toEqual([]);
  });
});
