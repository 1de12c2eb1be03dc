import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { acceptLogBatch } from "./accept-batch.ts";
import { loadProviderMinutes, runDetections } from "./detections.ts";
import { processLogBatch } from "./process-batch.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

async function newOrg(slug: string): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

const clock = (minute: number, second: number) =>
  `${String(10 + Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:${String(second).padStart(2, "0")}`;
const qmgr = (id: string, time: string) =>
  `Mar  1 ${time} mx postfix/qmgr[1]: ${id}: from=<news@brand.example>, size=100, nrcpt=1 (queue active)`;
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
      lines.push(
        qmgr(id, time),
        m >= 32 && k % 4 === 0 ? throttled(id, `y${n}@yahoo.com`, time) : sent(id, `y${n}@yahoo.com`, "mta5.am0.yahoodns.net", time),
      );
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
    const r = await processLogBatch(sys(), { batchId: a.id });
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
    await processLogBatch(sys(), { batchId: b.id });
    await t.db.rawLogBatch.update({ where: { id: a.id }, data: { status: "PENDING" } });
    await processLogBatch(sys(), { batchId: a.id });
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
    await processLogBatch(sys(), { batchId: a.id });
    // Deferred, not yet retried: nothing is confirmed.
    expect(await t.db.deliveryDetection.count({ where: { orgId: org.orgId } })).toBe(0);
    const b = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${retries.join("\n")}\n`) });
    await processLogBatch(sys(), { batchId: b.id });
    const [d] = await t.db.deliveryDetection.findMany({ where: { orgId: org.orgId } });
    expect(d).toMatchObject({ provider: "microsoft", kind: "greylisted", matching: 4, retriedOk: 4, medianRetrySeconds: 330 });
    expect((await t.db.alertSignal.findMany({ where: { orgId: org.orgId } })).map((s) => s.event)).toEqual([
      "greylisting_detected",
      "greylisting_detected",
    ]);
  });

  it("detects nothing on ordinary traffic and writes minute, hour and day rollups of the same counts", async () => {
    const org = await newOrg("quiet");
    const lines: string[] = [];
    for (let i = 0; i < 120; i++)
      lines.push(
        qmgr(`QA${String(i).padStart(6, "0")}`, clock(i % 60, i % 50)),
        sent(`QA${String(i).padStart(6, "0")}`, `u${i}@gmail.com`, "gmail-smtp-in.l.google.com", clock(i % 60, i % 50)),
      );
    const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${lines.join("\n")}\n`) });
    expect((await processLogBatch(sys(), { batchId: a.id })).detections).toBe(0);
    expect(await t.db.deliveryDetection.count({ where: { orgId: org.orgId } })).toBe(0);
    const where = { orgId: org.orgId };
    expect((await t.db.deliveryRollupMinute.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(120);
    expect((await t.db.deliveryRollup.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(120);
    expect((await t.db.deliveryRollupDay.aggregate({ where, _sum: { count: true } }))._sum.count).toBe(120);
    expect(await t.db.deliveryRollupMinute.count({ where: { orgId: org.orgId } })).toBe(60);
  });

  it("counts minutes from the minute rollups as from the events, and finds the same episodes either way", async () => {
    const org = await newOrg("rollup-minutes");
    // Dated within the last hours (the rollups are kept 48 h): the throttling log, plus local deferrals and
    // bounces before the episode, in two batches so rollup rows are upserted twice; the window ends inside a minute.
    const base = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 3_600_000) * 3_600_000);
    const day = `${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][base.getUTCMonth()]} ${String(base.getUTCDate()).padStart(2, " ")}`;
    const redate = (line: string) =>
      line.replace(/^Mar {2}1 (\d\d):/, (_m, h: string) => `${day} ${String(base.getUTCHours() + Number(h) - 10).padStart(2, "0")}:`);
    const extra: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `LC${String(i).padStart(6, "0")}`;
      const time = clock(2 + (i % 15), i);
      extra.push(
        qmgr(id, time),
        `Mar  1 ${time} mx postfix/smtp[5]: ${id}: to=<l${i}@gmail.com>, relay=none, delay=${30 + i}, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[192.0.2.9]:25: Connection timed out)`,
        `Mar  1 ${time} mx postfix/smtp[6]: ${id}: to=<b${i}@yahoo.com>, relay=mta5.am0.yahoodns.net[192.0.2.3]:25, delay=1.5, delays=0.1/0/0.4/1, dsn=5.1.1, status=bounced (host mta5.am0.yahoodns.net[192.0.2.3] said: 554 5.1.1 <b${i}@yahoo.com>: user unknown (in reply to RCPT TO command))`,
      );
    }
    const all = [...throttlingLog().trimEnd().split("\n"), ...extra].map(redate);
    for (const part of [all.slice(0, all.length / 2), all.slice(all.length / 2)]) {
      const a = await acceptLogBatch(org, { source: "mx1", format: "postfix", text: Buffer.from(`${part.join("\n")}\n`) });
      expect((await processLogBatch(sys(), { batchId: a.id })).status).toBe("processed");
    }
    const from = new Date(base.getTime() - 20 * 60_000);
    const to = new Date(base.getTime() + 35 * 60_000 + 30_500);
    const sorted = (rows: Awaited<ReturnType<typeof loadProviderMinutes>>) =>
      [...rows]
        .sort((x, y) => x.minute - y.minute || x.provider.localeCompare(y.provider))
        .map((m) => ({ ...m, delaySum: Math.round(m.delaySum * 1e6) / 1e6 }));
    const fromEvents = sorted(await loadProviderMinutes({ db: t.db, orgId: org.orgId }, { from, to, source: "events" }));
    const fromRollups = sorted(await loadProviderMinutes({ db: t.db, orgId: org.orgId }, { from, to, source: "rollups" }));
    expect(fromEvents.length).toBeGreaterThan(50);
    expect(fromEvents.some((m) => m.remote4xx > 0) && fromEvents.some((m) => m.deferred > m.remote4xx)).toBe(true);
    expect(fromRollups).toEqual(fromEvents);

    // The whole detection, once reading the rollups (now: the wall clock) and once the events (now: days later).
    const latest = new Date(base.getTime() + 39 * 60_000 + 59_000);
    const summary = { inserted: 1, latest, providers: ["yahoo", "google"] };
    const viaRollups = await t.db.$transaction((tx) => runDetections({ db: tx, orgId: org.orgId }, { inserted: summary }));
    const viaEvents = await t.db.$transaction((tx) =>
      runDetections({ db: tx, orgId: org.orgId }, { inserted: summary, now: new Date(Date.now() + 3 * 86_400_000) }),
    );
    expect(viaRollups.detections.map((d) => [d.provider, d.kind])).toEqual([["yahoo", "throttled"]]);
    expect(viaRollups.detections).toEqual(viaEvents.detections);
  });
});
