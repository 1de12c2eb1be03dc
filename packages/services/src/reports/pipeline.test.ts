// The whole report path on real PostgreSQL: ingest (raw stored, job enqueued in the same transaction)
// → process (parse + rows in one transaction) → rows, for every sample of the shared corpus.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

// The engine's generator of realistic aggregate reports (test/bench helper, not its public API).
import { syntheticAggregateBytes } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { type OrgContext, systemContext } from "../context.ts";
import { ingestReport } from "./ingest.ts";
import { processRawReport } from "./process.ts";
import { reprocessReport } from "./raw.ts";

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
  const org = await t.db.organization.create({ data: { name: `Org ${seq}`, slug: `org-${seq}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

async function deliver(ctx: OrgContext, bytes: Uint8Array) {
  const ingested = await ingestReport(ctx, { bytes, channel: "API" });
  const outcome = await processRawReport(sys(), { orgId: ctx.orgId, rawReportId: ingested.id });
  return { ...ingested, ...outcome };
}

async function queuedJobs(rawReportId: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from pgboss.job where name = 'reports.process' and data->>'rawReportId' = $1`,
    rawReportId,
  );
  return Number(rows[0]?.n ?? 0);
}

function expectedOf(kind: string): Record<string, Record<string, unknown>> {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, kind, "expected.json"), "utf8")) as Record<string, Record<string, unknown>>;
}

interface HelperDmarc {
  org_name: string;
  email: string | null;
  report_id: string;
  begin: string;
  end: string;
  record_count: number;
  message_count: number;
}
interface HelperTls {
  "organization-name": string;
  "report-id": string;
  "start-datetime": string;
  total_successful_sessions: number;
  total_failure_sessions: number;
  policy_count: number;
}

describe("corpus through ingest → process → rows", () => {
  it("DMARC aggregate: one report per (reporter, id, range), records and message counts as expected.json", async () => {
    const ctx = await newOrg();
    const expected = expectedOf("dmarc-aggregate");
    const distinct = new Map<string, HelperDmarc>();
    let rejected = 0;
    let refused = 0;
    for (const [file, entry] of Object.entries(expected)) {
      const helper = entry.helper_reference_parse as HelperDmarc | null;
      const bytes = fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", file));
      if (bytes.byteLength === 0) {
        // Nothing to keep: refused at intake (HTTP 400, SMTP 554), never stored.
        await expect(ingestReport(ctx, { bytes, channel: "API" }), file).rejects.toThrow(/empty/);
        refused++;
        continue;
      }
      const result = await deliver(ctx, bytes);
      if (!helper) {
        expect(result.status, file).toBe("QUARANTINED");
        rejected++;
        continue;
      }
      expect(["PARSED", "DUPLICATE"], file).toContain(result.status);
      // The first delivery of a (reporter, id, range) counts; later ones are duplicates even when their content differs.
      const key = [(helper.org_name || helper.email || "").toLowerCase(), helper.report_id, helper.begin, helper.end].join("|");
      if (!distinct.has(key)) distinct.set(key, helper);
    }
    const reports = await t.db.dmarcReport.findMany({ where: { orgId: ctx.orgId }, include: { _count: { select: { records: true } } } });
    expect(reports.length).toBe(distinct.size);
    const want = [...distinct.values()];
    expect(reports.reduce((n, r) => n + r.recordCount, 0)).toBe(want.reduce((n, h) => n + h.record_count, 0));
    expect(reports.reduce((n, r) => n + r.messageCount, 0)).toBe(want.reduce((n, h) => n + h.message_count, 0));
    // Every record row is there, and its counts add up to the report's message count.
    for (const r of reports) expect(r._count.records, r.reportId).toBe(r.recordCount);
    const sum = await t.db.dmarcRecord.aggregate({ where: { orgId: ctx.orgId }, _sum: { count: true } });
    expect(sum._sum.count).toBe(want.reduce((n, h) => n + h.message_count, 0));
    const raw = await t.db.rawReport.groupBy({ by: ["status"], where: { orgId: ctx.orgId }, _count: { _all: true } });
    const byStatus = Object.fromEntries(raw.map((g) => [g.status, g._count._all]));
    expect(byStatus.PARSED).toBe(distinct.size);
    expect(byStatus.QUARANTINED ?? 0).toBe(rejected);
    expect((byStatus.DUPLICATE ?? 0) + distinct.size + rejected + refused).toBe(Object.keys(expected).length);
  });

  it("TLS-RPT: reports, policies and session totals as expected.json", async () => {
    const ctx = await newOrg();
    const expected = expectedOf("tls-rpt");
    const distinct = new Map<string, HelperTls>();
    for (const [file, entry] of Object.entries(expected)) {
      const helper = entry.helper_reference_parse as HelperTls;
      let bytes: Uint8Array = fs.readFileSync(path.join(CORPUS, "tls-rpt", file));
      if (file.endsWith(".b64")) bytes = Buffer.from(Buffer.from(bytes).toString("latin1"), "base64");
      const result = await deliver(ctx, bytes);
      expect(["PARSED", "DUPLICATE"], file).toContain(result.status);
      const key = [helper["organization-name"].toLowerCase(), helper["report-id"], helper["start-datetime"]].join("|");
      if (!distinct.has(key)) distinct.set(key, helper);
    }
    const want = [...distinct.values()];
    const reports = await t.db.tlsReport.findMany({ where: { orgId: ctx.orgId } });
    expect(reports.length).toBe(distinct.size);
    expect(reports.reduce((n, r) => n + r.successfulSessions, 0)).toBe(want.reduce((n, h) => n + h.total_successful_sessions, 0));
    expect(reports.reduce((n, r) => n + r.failedSessions, 0)).toBe(want.reduce((n, h) => n + h.total_failure_sessions, 0));
    expect(await t.db.tlsReportPolicy.count({ where: { orgId: ctx.orgId } })).toBe(want.reduce((n, h) => n + h.policy_count, 0));
  });

  it("ARF and DMARC failure reports: one complaint per feedback report, recipients hashed, the rest quarantined", async () => {
    const ctx = await newOrg();
    const expected = expectedOf("arf");
    let feedback = 0;
    for (const [file, entry] of Object.entries(expected)) {
      const helper = entry.helper_reference_parse as { has_feedback_report_part: boolean };
      // A few samples carry the feedback fields in a text/plain body (sisimai decodes them, so do we).
      const upstream = (entry.upstream_expected as { reason?: string }[] | undefined) ?? [];
      const result = await deliver(ctx, fs.readFileSync(path.join(CORPUS, "arf", file)));
      if (helper.has_feedback_report_part || upstream.some((u) => u.reason === "feedback")) {
        feedback++;
        expect(["PARSED", "DUPLICATE"], file).toContain(result.status);
      } else expect(result.status, file).toBe("QUARANTINED");
    }
    const complaints = await t.db.complaint.findMany({ where: { orgId: ctx.orgId } });
    const duplicates = await t.db.rawReport.count({ where: { orgId: ctx.orgId, status: "DUPLICATE" } });
    expect(complaints.length + duplicates).toBe(feedback);
    expect(complaints.filter((c) => c.kind === "DMARC_FAILURE").length).toBeGreaterThan(0);
    const withRecipients = complaints.filter((c) => c.recipientHashes.length > 0);
    expect(withRecipients.length).toBeGreaterThan(0);
    for (const c of withRecipients) {
      for (const h of c.recipientHashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
      expect(c.recipientsEnc).not.toContain("@");
    }
  });
});

describe("idempotency", () => {
  it("the same report delivered 5 times is stored once, queued once and counted once", async () => {
    const ctx = await newOrg();
    const bytes = fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", "parsedmarc/extract_report/nice-input.xml.gz"));
    const results = await Promise.all(Array.from({ length: 5 }, () => ingestReport(ctx, { bytes, channel: "SMTP" })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate).length).toBe(1);
    const id = results[0]!.id;
    expect(await queuedJobs(id)).toBe(1);
    // The job may run more than once (retries, two workers): the second run finds the report done.
    const runs = await Promise.all([
      processRawReport(sys(), { orgId: ctx.orgId, rawReportId: id }),
      processRawReport(sys(), { orgId: ctx.orgId, rawReportId: id }),
    ]);
    expect(runs.map((r) => r.status).sort()).toEqual(["PARSED", "SKIPPED"]);
    expect(await t.db.rawReport.count({ where: { orgId: ctx.orgId } })).toBe(1);
    expect(await t.db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(1);
    const sum = await t.db.dmarcRecord.aggregate({ where: { orgId: ctx.orgId }, _sum: { count: true } });
    expect(sum._sum.count).toBe(3047);
  });

  it("the same report in other bytes (zip instead of gzip) is a DUPLICATE, not counted twice", async () => {
    const ctx = await newOrg();
    const dir = path.join(CORPUS, "dmarc-aggregate", "parsedmarc/extract_report");
    expect((await deliver(ctx, fs.readFileSync(path.join(dir, "nice-input.xml.gz")))).status).toBe("PARSED");
    const second = await deliver(ctx, fs.readFileSync(path.join(dir, "nice-input.xml.zip")));
    expect(second.status).toBe("DUPLICATE");
    expect(await t.db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(1);
    expect((await t.db.rawReport.findFirstOrThrow({ where: { id: second.id } })).dedupKey).toContain("11038226378739404135");
  });
});

describe("quarantine", () => {
  it("a bomb is quarantined with its reason, nothing of it is stored, and it can be reprocessed", async () => {
    const ctx = await newOrg();
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const result = await deliver(ctx, bomb);
    expect(result.status).toBe("QUARANTINED");
    const raw = await t.db.rawReport.findFirstOrThrow({ where: { id: result.id } });
    expect(raw.rejectReason).toBe("bomb");
    expect(raw.rejectMessage).toBeTruthy();
    expect(await t.db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(0);

    await expect(reprocessReport(ctx, { id: result.id })).resolves.toEqual({ id: result.id, status: "PENDING" });
    expect(await queuedJobs(result.id)).toBe(2);
    // Reprocessed with a raised limit (as after an operator's fix) the bytes are still zeros: rejected again, as unsupported.
    const again = await processRawReport(sys(), {
      orgId: ctx.orgId,
      rawReportId: result.id,
      limits: { maxInflatedBytes: 128 * 1024 * 1024 },
    });
    expect(again.status).toBe("QUARANTINED");
    const after = await t.db.rawReport.findFirstOrThrow({ where: { id: result.id } });
    expect(after.attempts).toBe(2);
    expect(after.rejectReason).not.toBe("bomb");
  });

  it("a rejection after a streamed batch of records rolls every record back", async () => {
    const ctx = await newOrg();
    const xml = syntheticAggregateBytes({ seed: 11, records: 1200 }).toString("utf8");
    // Nesting beyond the depth limit after the last record: thousands were inserted when the parser gives up.
    const end = xml.lastIndexOf("</");
    const broken = Buffer.from(xml.slice(0, end) + "<x>".repeat(64) + "</x>".repeat(64) + xml.slice(end));
    const result = await deliver(ctx, broken);
    expect(result.status).toBe("QUARANTINED");
    expect(await t.db.dmarcRecord.count({ where: { orgId: ctx.orgId } })).toBe(0);
    expect(await t.db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(0);
  });

  it("a large report streams in batches and every record gets the report's range and domain", async () => {
    const ctx = await newOrg();
    const result = await deliver(ctx, gzipSync(syntheticAggregateBytes({ seed: 12, records: 1200 })));
    expect(result.status).toBe("PARSED");
    const report = await t.db.dmarcReport.findFirstOrThrow({ where: { orgId: ctx.orgId } });
    expect(report.recordCount).toBe(1200);
    expect(
      await t.db.dmarcRecord.count({ where: { orgId: ctx.orgId, reportId: report.id, beginAt: report.beginAt, domain: report.domain } }),
    ).toBe(1200);
  });
});
