import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { acceptLogBatch } from "./accept-batch.ts";
import { processLogBatch } from "./process-batch.ts";
import { getDeliverabilitySummary } from "./delivery-reads.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** A syslog (RFC 3164) timestamp in UTC. */
const stamp = (d: Date) =>
  `${MONTHS[d.getUTCMonth()] ?? "Jan"} ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)}`;

function lines(host: string, when: Date, count: number, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}${String(i).padStart(6, "0")}`;
    const ts = stamp(new Date(when.getTime() + i * 5000));
    out.push(
      `${ts} ${host} postfix/qmgr[1]: ${id}: from=<news@brand.example>, size=100, nrcpt=1 (queue active)`,
      `${ts} ${host} postfix/smtp[2]: ${id}: to=<u${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1, delays=0.1/0.1/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
    );
  }
  return out;
}

describe("rollups by server and granularity", () => {
  it("maps events to inventory servers by syslog host, charts recent hours from minute buckets and filters by server", async () => {
    const org = await t.db.organization.create({ data: { name: "srv", slug: "srv" } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const mx1 = await t.db.mailServer.create({ data: { orgId: org.id, hostname: "mx1.brand.example" } });
    const mx2 = await t.db.mailServer.create({ data: { orgId: org.id, hostname: "mx2.brand.example" } });
    // Within the last hour, on whole seconds, in the past (the correlator reads UTC syslog stamps).
    const when = new Date(Math.floor((Date.now() - 40 * 60_000) / 60_000) * 60_000);
    const text = [
      ...lines("mx1", when, 30, "AA"),
      ...lines("mx2.brand.example", when, 10, "BB"),
      ...lines("elsewhere", when, 5, "CC"),
    ].join("\n");
    const a = await acceptLogBatch(ctx, { source: "shipper", format: "postfix", text: Buffer.from(`${text}\n`) });
    expect((await processLogBatch(sys(), { batchId: a.id })).inserted).toBe(45);

    const byServer = await t.db.deliveryRollup.groupBy({
      by: ["serverId"],
      where: { orgId: org.id },
      _sum: { count: true },
      orderBy: { serverId: "asc" },
    });
    expect(Object.fromEntries(byServer.map((r) => [r.serverId, r._sum.count]))).toEqual({ "": 5, [mx1.id]: 30, [mx2.id]: 10 });
    expect(
      (await t.db.deliveryRollupMinute.aggregate({ where: { orgId: org.id, serverId: mx1.id }, _sum: { count: true } }))._sum.count,
    ).toBe(30);

    const range = { from: new Date(when.getTime() - 3_600_000).toISOString(), to: new Date(when.getTime() + 3_600_000).toISOString() };
    const all = await getDeliverabilitySummary(ctx, range);
    expect(all.granularity).toBe("minute");
    expect(all.totals.attempts).toBe(45);
    expect(all.series.length).toBeGreaterThan(1);
    expect(all.servers.map((s) => [s.hostname, s.count])).toEqual([
      ["mx1.brand.example", 30],
      ["mx2.brand.example", 10],
    ]);
    const one = await getDeliverabilitySummary(ctx, { ...range, serverId: mx2.id });
    expect(one.totals.attempts).toBe(10);
    expect(one.latency[0]?.count).toBe(10);

    const day = await getDeliverabilitySummary(ctx, { from: new Date(when.getTime() - 20 * 3_600_000).toISOString(), to: range.to });
    expect(day.granularity).toBe("hour");
    expect(day.totals.attempts).toBe(45);
  });
});
