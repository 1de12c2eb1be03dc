// The analytics verbs over real rows: corpus reports ingested and processed, then every view queried.
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { complaintSummary, exportSuppressionList, listComplaints } from "./complaints.ts";
import { dmarcOverview, dmarcRecords, dmarcReporters, dmarcSources, dmarcVerdict } from "./dmarc.ts";
import { ingestReport } from "./ingest.ts";
import { processRawReport } from "./process.ts";
import { tlsSummary } from "./tls.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");
let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;
let other: OrgContext;
const ALL_TIME = 10_000;

async function deliver(c: OrgContext, file: string) {
  const { id } = await ingestReport(c, { bytes: fs.readFileSync(path.join(CORPUS, file)), channel: "UPLOAD" });
  await processRawReport(sys(), { orgId: c.orgId, rawReportId: id });
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "analytics-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "analytics-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  await deliver(ctx, "dmarc-aggregate/parsedmarc/extract_report/nice-input.xml.gz");
  await deliver(ctx, "dmarc-aggregate/dmarc-report-converter/test.xml");
  await deliver(ctx, "tls-rpt/mail-auth/rpt02.json");
  await deliver(ctx, "arf/mail-auth/002.eml");
  await deliver(ctx, "arf/sisimai/arf-16.eml");
});
afterAll(async () => t?.drop());

describe("DMARC views", () => {
  it("overview: volume and compliance per domain and per day", async () => {
    const o = await dmarcOverview(ctx, { days: ALL_TIME });
    expect(o.reports).toBe(2);
    expect(o.domains.reduce((a, d) => a + d.total, 0)).toBe(3047 + 7);
    const test = o.domains.find((d) => d.domain === "test.net");
    // test.xml: 5 messages with aligned DKIM+SPF pass, 2 failing both.
    expect(test).toMatchObject({ total: 7, aligned: 5, compliancePct: 71.43, policy: { p: "none" } });
    expect(o.series.length).toBeGreaterThan(0);
    expect((await dmarcOverview(other, { days: ALL_TIME })).domains).toEqual([]);
  });

  it("sources: per IP, unknown unless listed as a SendingIp; drill-down to records; reporters", async () => {
    await t.db.sendingIp.create({ data: { orgId: ctx.orgId, address: "192.168.1.1" } });
    const sources = await dmarcSources(ctx, { domain: "test.net", days: ALL_TIME });
    expect(sources.find((s) => s.sourceIp === "192.168.1.1")).toMatchObject({ total: 5, known: true, dkimAlignedPass: 5 });
    expect(sources.filter((s) => !s.known).length).toBeGreaterThan(0);
    const records = await dmarcRecords(ctx, { sourceIp: "192.168.1.1", days: ALL_TIME });
    expect(records[0]).toMatchObject({ count: 5, dkimDomains: ["test1.net", "test2.net"], report: { reporterOrg: "Test Inc." } });
    const reporters = await dmarcReporters(ctx, { days: ALL_TIME });
    expect(reporters.map((r) => r.reporter).sort()).toEqual(["Test Inc.", "google.com"]);
  });

  it("verdict: not ready with little data or low compliance, with the reasons", async () => {
    const v = await dmarcVerdict(ctx, { domain: "test.net" });
    expect(v.ready).toBe(false);
    expect(v.reasons.length).toBeGreaterThan(0);
  });
});

describe("complaints and TLS", () => {
  it("complaints per provider and campaign, suppression list as CSV with the complained recipients", async () => {
    const s = await complaintSummary(ctx, { days: ALL_TIME });
    expect(s.total).toBe(2);
    expect(s.byProvider.reduce((a, p) => a + p.total, 0)).toBe(2);
    expect((await listComplaints(ctx, { days: ALL_TIME })).length).toBe(2);
    const { csv, rows } = await exportSuppressionList(ctx);
    expect(rows).toBeGreaterThan(0);
    expect(csv.split("\n")[0]).toBe("email,recipient_hash,feedback_type,reporter,complained_at");
    expect((await exportSuppressionList(other)).rows).toBe(0);
  });

  it("TLS: sessions per policy type and failures by result type and MX", async () => {
    const s = await tlsSummary(ctx, { days: ALL_TIME });
    expect(s.reports).toBe(1);
    expect(s.byPolicy.reduce((a, p) => a + p.success, 0)).toBe(23);
    expect(s.failures.reduce((a, f) => a + f.sessions, 0)).toBe(1);
    expect((await tlsSummary(other, { days: ALL_TIME })).reports).toBe(0);
  });
});
