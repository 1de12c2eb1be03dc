// processRawReports — how the worker stores a fetched batch of `reports.process` jobs — on real
// PostgreSQL: outcomes per report in input order, tenancy by (org, id) pair, duplicates inside one
// statement, and a refused value that costs only its own report.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

// The engine's generator of realistic aggregate reports (test/bench helper, not its public API).
import { syntheticAggregateBytes } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { type OrgContext, systemContext } from "../context.ts";
import { ingestReport } from "./ingest.ts";
import { processRawReports } from "./process.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let seq = 0;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

async function newOrg(): Promise<OrgContext> {
  seq++;
  const org = await t.db.organization.create({ data: { name: `Batch ${seq}`, slug: `batch-${seq}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

async function stored(ctx: OrgContext, bytes: Uint8Array) {
  const { id } = await ingestReport(ctx, { bytes, channel: "SMTP" });
  return { orgId: ctx.orgId, rawReportId: id };
}

const statusOf = async (rawReportId: string) => (await t.db.rawReport.findUniqueOrThrow({ where: { id: rawReportId } })).status;

describe("processRawReports (a worker's batch)", () => {
  it("stores many organizations' reports and gives each its outcome, in input order", async () => {
    const a = await newOrg();
    const b = await newOrg();
    const a1 = await stored(a, gzipSync(syntheticAggregateBytes({ seed: 101, records: 8 })));
    // The same report in other bytes, in the same batch: one statement, one report row.
    const a1Again = await stored(a, syntheticAggregateBytes({ seed: 101, records: 8 }));
    const a2 = await stored(a, gzipSync(syntheticAggregateBytes({ seed: 102, records: 20 })));
    const b1 = await stored(b, gzipSync(syntheticAggregateBytes({ seed: 103, records: 5 })));
    const garbage = await stored(b, Buffer.from("not a report at all"));
    const tls = await stored(b, fs.readFileSync(path.join(CORPUS, "tls-rpt", "mail-tls-rpt", "report.json")));
    // Larger than the single-statement path takes: stored by the transactional path.
    const large = await stored(a, gzipSync(syntheticAggregateBytes({ seed: 104, records: 1200 })));

    const items = [a1, a1Again, a2, b1, garbage, tls, large];
    const outcomes = await processRawReports(sys(), { items });
    // Which of the two copies counts is arbitrary; exactly one does.
    expect(outcomes.slice(0, 2).sort()).toEqual(["DUPLICATE", "PARSED"]);
    expect(outcomes.slice(2)).toEqual(["PARSED", "PARSED", "QUARANTINED", "PARSED", "PARSED"]);

    const reportsA = await t.db.dmarcReport.findMany({ where: { orgId: a.orgId }, include: { _count: { select: { records: true } } } });
    expect(reportsA.map((r) => r._count.records).sort((x, y) => x - y)).toEqual([8, 20, 1200]);
    for (const r of reportsA) expect(r.recordCount).toBe(r._count.records);
    expect(await t.db.dmarcRecord.count({ where: { orgId: b.orgId } })).toBe(5);
    expect(await t.db.tlsReport.count({ where: { orgId: b.orgId } })).toBe(1);
    expect((await t.db.rawReport.findUniqueOrThrow({ where: { id: garbage.rawReportId } })).rejectReason).toBeTruthy();
    // Every record carries its own report's range and domain, not another report's of the statement.
    for (const r of reportsA)
      expect(await t.db.dmarcRecord.count({ where: { reportId: r.id, beginAt: r.beginAt, domain: r.domain, orgId: a.orgId } })).toBe(
        r.recordCount,
      );

    // Running the batch again (a retried job) changes nothing.
    expect(await processRawReports(sys(), { items })).toEqual(items.map(() => "SKIPPED"));
    expect(await t.db.dmarcRecord.count({ where: { orgId: a.orgId } })).toBe(1228);
  });

  it("matches a report by organization AND id: a foreign organization's pair is skipped and the report left alone", async () => {
    const a = await newOrg();
    const b = await newOrg();
    const mine = await stored(a, gzipSync(syntheticAggregateBytes({ seed: 201, records: 6 })));
    expect(await processRawReports(sys(), { items: [{ orgId: b.orgId, rawReportId: mine.rawReportId }] })).toEqual(["SKIPPED"]);
    expect(await statusOf(mine.rawReportId)).toBe("PENDING");
    expect(await t.db.dmarcReport.count({ where: { rawReportId: mine.rawReportId } })).toBe(0);
  });

  it("a value PostgreSQL refuses quarantines only its own report; the rest of the batch is stored", async () => {
    const ctx = await newOrg();
    const good = await stored(ctx, gzipSync(syntheticAggregateBytes({ seed: 301, records: 7 })));
    // Parses fine, but a message count beyond PostgreSQL's integer fails the whole store statement.
    const xml = syntheticAggregateBytes({ seed: 302, records: 4 })
      .toString("utf8")
      .replace(/<count>\d+<\/count>/, "<count>99999999999</count>");
    const refused = await stored(ctx, Buffer.from(xml));
    const other = await stored(ctx, gzipSync(syntheticAggregateBytes({ seed: 303, records: 9 })));
    expect(await processRawReports(sys(), { items: [good, refused, other] })).toEqual(["PARSED", "QUARANTINED", "PARSED"]);
    const raw = await t.db.rawReport.findUniqueOrThrow({ where: { id: refused.rawReportId } });
    expect(raw.rejectReason).toBe("malformed");
    expect(raw.rejectMessage).toMatch(/SQLSTATE 22003/);
    expect(await t.db.dmarcRecord.count({ where: { orgId: ctx.orgId } })).toBe(16);
  });

  it("splits a batch into several store statements by record count and stores every one", async () => {
    const ctx = await newOrg();
    // 12 reports × 900 records: more than one statement's worth (STORE_STATEMENT_MAX_RECORDS).
    const items = [];
    for (let i = 0; i < 12; i++) items.push(await stored(ctx, gzipSync(syntheticAggregateBytes({ seed: 400 + i, records: 900 }))));
    expect(await processRawReports(sys(), { items })).toEqual(items.map(() => "PARSED"));
    expect(await t.db.dmarcRecord.count({ where: { orgId: ctx.orgId } })).toBe(12 * 900);
  });

  it("a report that fails for another reason (not a refused value) does not hold back the rest: they are stored, then the batch throws for a retry", async () => {
    const ctx = await newOrg();
    const tlsJson = fs.readFileSync(path.join(CORPUS, "tls-rpt", "mail-tls-rpt", "report.json"), "utf8");
    const good = await stored(ctx, gzipSync(syntheticAggregateBytes({ seed: 501, records: 5 })));
    // A database failure for one report only: a trigger refuses its TLS report row (SQLSTATE P0001, no data error).
    const poisoned = await stored(ctx, Buffer.from(tlsJson.replace(/"report-id"\s*:\s*"[^"]*"/, '"report-id": "poisoned-report"')));
    const later = await stored(ctx, Buffer.from(tlsJson.replace(/"report-id"\s*:\s*"[^"]*"/, '"report-id": "later-report"')));
    await t.db.$executeRawUnsafe(
      `create function refuse_poisoned() returns trigger language plpgsql as $$ begin if new."reportId" = 'poisoned-report' then raise exception 'injected failure'; end if; return new; end $$`,
    );
    await t.db.$executeRawUnsafe(
      `create trigger refuse_poisoned before insert on "TlsReport" for each row execute function refuse_poisoned()`,
    );
    try {
      await expect(processRawReports(sys(), { items: [good, poisoned, later] })).rejects.toThrow(/1 of 3 reports/);
      expect([await statusOf(good.rawReportId), await statusOf(poisoned.rawReportId), await statusOf(later.rawReportId)]).toEqual([
        "PARSED",
        "PENDING",
        "PARSED",
      ]);
    } finally {
      await t.db.$executeRawUnsafe(`drop trigger refuse_poisoned on "TlsReport"`);
      await t.db.$executeRawUnsafe(`drop function refuse_poisoned()`);
    }
    // The retry stores the one left over and skips the rest.
    expect(await processRawReports(sys(), { items: [good, poisoned, later] })).toEqual(["SKIPPED", "PARSED", "SKIPPED"]);
  });
});
