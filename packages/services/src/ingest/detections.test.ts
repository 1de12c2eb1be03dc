import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { acceptLogBatch } from "./accept-batch.ts";
import { processLogBatch } from "./process-batch.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

async function newOrg(slug: string): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

const clock = (minute: number, second: number) => `${String(10 + Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:${String(second).padStart(2, "0")}`;
const qmgr = (id: string, time: string) => `Mar  1 ${time} mx postfix/qmgr[1]: ${id}: from=<news@brand.example>, size=100, nrcpt=1 (queue active)`;
const sent = (id: string, to: string, relay: string, time: string) =>
  `Mar  1 ${time} mx postfix/smtp[2]: ${id}: to=<${to}>, relay=${relay}[192.0.2.1]:25, delay=1.2, delays=0.1/0.1/0.4/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)`;
const throttled = (id: string, to: string, time: string) =>
  `Mar  1 ${time} mx postfix/smtp[3]: ${id}: to=<${to}>, relay=mta5.am0.yahoodns.net[192.0.2.3]:25, delay=0.5, delays=0.1/0/0.3/0, dsn=4.7.0, status=deferred ` +
  `(host mta5.am0.yahoodns.net[192.0.2.3] said: 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command))`;

/** 30 quiet minutes (Yahoo 2/min, Gmail 5/min), then Yahoo at 40/min for 10 minutes, a quarter of it answered 421. */
function throttlingLog(): string {
  const lines: string[] = [];
  let n = 0;
  for (let m = 0; m < 40; m++) {
    const yahoo = m < 30 ? 2 : 40;
    for (let k = 0; k < yahoo; k++) {
      const id = `Y${String(n++).padStart(7, "0")}`;
      const time = clock(m, k % 60);
      lines.push(qmgr(id, time), m >= 32 && k % 4 === 0 ? throttled(id, `y${n}@yahoo.com`, time) : sent(id, `y${n}@yahoo.com`, "mta5.am0.yahoodns.net", time));
    }
    for (let k = 0; k < 5; k++) {
      const id = `G${String(n++).padStart(7, "0")}`;
      lines.push(qmgr(id, clock(m, k)), sent(id, `g${n}@gmail.com`, "gmail-smtp-in.l.google.com", clock(m, k)));
    }
  }
  return `${lines.join("\n")}\n`;
}

describe("throttling detection after a batch", () => {
  it("stores a throttling episode with evidence and one alert signal, and updates it when the batch runs again", async () => {
    const org = await newOrg("throttle");
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(throttlingLog()) });
    const r = await processLogBatch(t.db, { batchId: a.id });
    expect(r.status).toBe("processed");
    const rows = await t.db.deliveryDetection.findMany({ where: { orgId: org.orgId } });
    expect(rows.map((d) => [d.provider, d.kind])).toEqual([["yahoo", "throttled"]]);
    const d = rows[0];
    expect(d?.matching).toBe(80);
    expect(d?.otherDeferralRate).toBe(0);
    expect(d?.spikeFactor).toBeGreaterThan(2);
    expect(d?.codes).toEqual([{ code: "421 4.7.0", count: 80 }]);
    expect(d?.sampleReplies[0]).toContain("unexpected volume");
    const signals = await t.db.alertSignal.findMany({ where: { orgId: org.orgId }, orderBy: { scopeType: "asc" } });
    expect(signals.map((s) => [s.scopeType, s.scopeId, s.event])).toEqual([
      ["organization", null, "throttling_detected"],
      ["provider", "yahoo", "throttling_detected"],
    ]);

    // The same lines again (another batch id): no new events, the episode is updated, no second signal.
    const b = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(throttlingLog()) });
    await processLogBatch(t.db, { batchId: b.id });
    await t.db.rawLogBatch.update({ where: { id: a.id }, data: { status: "PENDING" } });
    await processLogBatch(t.db, { batchId: a.id });
    expect(await t.db.deliveryDetection.count({ where: { orgId: org.orgId } })).toBe(1);
    expect(await t.db.alertSignal.count({ where: { orgId: org.orgId } })).toBe(2);
  });

  it("detects greylisting once the retries of greylisted recipients are delivered in a later batch", async () => {
    const org = await newOrg("grey");
    const greylisted = (id: string, to: string, time: string) =>
      `Mar  1 ${time} mx postfix/smtp[4]: ${id}: to=<${to}>, relay=outlook-com.olc.protection.outlook.com[192.0.2.4]:25, delay=0.4, delays=0.1/0/0.3/0, dsn=4.2.0, status=deferred ` +
      `(host outlook-com.olc.protection.outlook.com[192.0.2.4] said: 450 4.2.0 <${to}>: Recipient address rejected: Greylisted, please try again in 300 seconds (in reply to RCPT TO command))`;
    const first: string[] = [];
    const retries: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = `GR${String(i).padStart(8, "0")}`;
      first.push(qmgr(id, clock(10 + i, 0)), greylisted(id, `m${i}@outlook.com`, clock(10 + i, 0)));
      retries.push(sent(id, `m${i}@outlook.com`, "outlook-com.olc.protection.outlook.com", clock(15 + i, 30)));
    }
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${first.join("\n")}\n`) });
    await processLogBatch(t.db, { batchId: a.id });
    // Deferred, not yet retried: nothing is confirmed.
    expect(await t.db.deliveryDetection.count({ where: { orgId: org.orgId } })).toBe(0);
    const b = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${retries.join("\n")}\n`) });
    await processLogBatch(t.db, { batchId: b.id });
    const [d] = await t.db.deliveryDetection.findMany({ where: { orgId: org.orgId } });
    expect(d).toMatchObject({ provider: "microsoft", kind: "greylisted", matching: 4, retriedOk: 4, medianRetrySeconds: 330 });
    expect((await t.db.alertSignal.findMany({ where: { orgId: org.orgId } })).map((s) => s.event)).toEqual(["greylisting_detected", "greylisting_detected"]);
  });

  it("detects nothing on ordinary traffic and writes minute, hour and day rollups of the same counts", async () => {
    const org = await newOrg("quiet");
    const lines: string[] = [];
    for (let i = 0; i < 120; i++) lines.push(qmgr(`QA${String(i).padStart(6, "0")}`, clock(i % 60, i % 50)), sent(`QA${String(i).padStart(6, "0")}`, `u${i}@gmail.com`, "gmail-smtp-in.l.google.com", clock(i % 60, i % 50)));
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${lines.join("\n")}\n`) });
    expect((await processLogBatch(t.db, { batchId: a.id })).detections).toBe(0);
    expect(await t.db.deliveryDetection.count({ where: { orgId: org.orgId } })).toBe(0);
    const where = { orgId: org.orgId };
    expect((await t.db.deliveryRollupMinute.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(120);
    expect((await t.db.deliveryRollup.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(120);
    expect((await t.db.deliveryRollupDay.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(120);
    expect(await t.db.deliveryRollupMinute.count({ where: { orgId: org.orgId } })).toBe(60);
  });
});
