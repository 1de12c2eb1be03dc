// The reports list, one report's detail and the upload reply, over real rows on a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { ingestReport } from "./ingest.ts";
import { processRawReport } from "./process.ts";
import { getReport, listReports } from "./report-list.ts";
import { formatPeriod, uploadReport } from "./upload.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;
let other: OrgContext;

/** A minimal RFC 7489 aggregate report: one record of `count` messages from 192.0.2.1. */
function aggregate(o: { reporter: string; id: string; domain: string; begin: string; end: string; count: number }): Buffer {
  const s = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  return Buffer.from(`<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>${o.reporter}</org_name><email>noreply@${o.reporter}</email><report_id>${o.id}</report_id>
    <date_range><begin>${s(o.begin)}</begin><end>${s(o.end)}</end></date_range></report_metadata>
  <policy_published><domain>${o.domain}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
  <record><row><source_ip>192.0.2.1</source_ip><count>${o.count}</count>
    <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>${o.domain}</header_from></identifiers>
    <auth_results><dkim><domain>${o.domain}</domain><result>pass</result></dkim><spf><domain>${o.domain}</domain><result>fail</result></spf></auth_results></record>
</feedback>`);
}

async function deliver(c: OrgContext, bytes: Buffer) {
  const { id } = await ingestReport(c, { bytes, channel: "API" });
  await processRawReport(sys(), { orgId: c.orgId, rawReportId: id });
}

/** The upload as the page sees it: 202 for a new report, 200 for bytes stored before (packages/api/src/rest/upload.ts). */
async function upload(c: OrgContext, bytes: Buffer) {
  const body = await uploadReport(c, { bytes });
  return { status: body.duplicate ? 200 : 202, body };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "report-list-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "report-list-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  await t.db.sendingDomain.create({ data: { orgId: a.id, domain: "acme.example", dkimSelectors: [] } });
  for (const [i, day] of ["01", "02", "03", "04", "05"].entries()) {
    await deliver(
      ctx,
      aggregate({
        reporter: "google.com",
        id: `g${i}`,
        domain: "acme.example",
        begin: `2026-11-${day}T00:00:00Z`,
        end: `2026-11-${day}T23:59:59Z`,
        count: 10 + i,
      }),
    );
  }
  await deliver(
    ctx,
    aggregate({
      reporter: "yahoo.com",
      id: "y1",
      domain: "news.acme.example",
      begin: "2026-11-03T12:00:00Z",
      end: "2026-11-04T12:00:00Z",
      count: 7,
    }),
  );
  await deliver(
    other,
    aggregate({
      reporter: "google.com",
      id: "b1",
      domain: "b.example",
      begin: "2026-11-06T00:00:00Z",
      end: "2026-11-06T23:59:59Z",
      count: 3,
    }),
  );
});
afterAll(async () => t?.drop());

describe("listReports", () => {
  it("lists the organization's reports newest first, with reporter, domain, period, messages and channel", async () => {
    const { items, nextCursor } = await listReports(ctx, {});
    expect(items.map((r) => `${r.reporter} ${r.domains.join()} ${r.beginAt.toISOString().slice(0, 13)}`)).toEqual([
      "google.com acme.example 2026-11-05T00",
      "google.com acme.example 2026-11-04T00",
      "yahoo.com news.acme.example 2026-11-03T12",
      "google.com acme.example 2026-11-03T00",
      "google.com acme.example 2026-11-02T00",
      "google.com acme.example 2026-11-01T00",
    ]);
    expect(items[0]).toMatchObject({
      kind: "DMARC_AGGREGATE",
      messageCount: 14,
      recordCount: 1,
      channel: "API",
      status: "PARSED",
      isInInventory: true,
    });
    expect(items[2]?.isInInventory).toBe(false);
    expect(nextCursor).toBeNull();
  });

  it("pages with a keyset cursor without skipping or repeating a row", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await listReports(ctx, { limit: 2, cursor });
      seen.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const all = (await listReports(ctx, {})).items.map((r) => r.id);
    expect(seen).toEqual(all);
  });

  it("filters by kind and by domain", async () => {
    expect((await listReports(ctx, { domain: "News.Acme.Example" })).items.map((r) => r.reporter)).toEqual(["yahoo.com"]);
    expect((await listReports(ctx, { kind: "TLS_RPT" })).items).toEqual([]);
    expect((await listReports(ctx, { kind: "DMARC_AGGREGATE" })).items).toHaveLength(6);
  });

  it("never shows another organization's reports", async () => {
    expect((await listReports(other, {})).items.map((r) => r.domains[0])).toEqual(["b.example"]);
  });
});

describe("getReport", () => {
  it("returns one report with its records", async () => {
    const [first] = (await listReports(ctx, { limit: 1 })).items;
    const detail = await getReport(ctx, { id: first?.id ?? "" });
    expect(detail.kind).toBe("DMARC_AGGREGATE");
    if (detail.kind !== "DMARC_AGGREGATE") return;
    expect(detail.report.records).toMatchObject([
      { sourceIp: "192.0.2.1", count: 14, disposition: "none", dkimAligned: "pass", spfAligned: "fail" },
    ]);
    expect(detail.raw?.channel).toBe("API");
  });

  it("is NOT_FOUND for another organization's report and for an unknown id", async () => {
    const [foreign] = (await listReports(other, {})).items;
    await expect(getReport(ctx, { id: foreign?.id ?? "" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getReport(ctx, { id: "no-such-report" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("uploadReport", () => {
  it("accepts a report for a domain outside the inventory, lists it with the badge and says so", async () => {
    const bytes = aggregate({
      reporter: "google.com",
      id: "u1",
      domain: "example.org",
      begin: "2026-12-01T00:00:00Z",
      end: "2026-12-03T00:00:00Z",
      count: 120,
    });
    const reply = await upload(ctx, bytes);
    expect(reply.status).toBe(202);
    const summary = (reply.body as { summary: { where: string; message: string; isInInventory: boolean; reportId: string } }).summary;
    expect(summary).toMatchObject({ where: "list", isInInventory: false });
    expect(summary.message).toBe(
      'Stored: DMARC report from google.com for example.org, 1–2 Dec, 120 messages — see Reports list — example.org is not one of your sending domains: listed with a "domain not in your inventory" badge',
    );
    const listed = (await listReports(ctx, { domain: "example.org" })).items;
    expect(listed).toMatchObject([{ id: summary.reportId, isInInventory: false, channel: "UPLOAD" }]);
  });

  it("says where a report of an inventory domain is, and that the same file again is already stored", async () => {
    const bytes = aggregate({
      reporter: "google.com",
      id: "u2",
      domain: "acme.example",
      begin: "2026-12-01T00:00:00Z",
      end: "2026-12-03T00:00:00Z",
      count: 120,
    });
    const first = (await upload(ctx, bytes)).body as { summary: { message: string } };
    expect(first.summary.message).toBe("Stored: DMARC report from google.com for acme.example, 1–2 Dec, 120 messages — see Reports list");
    const again = await upload(ctx, bytes);
    expect(again.status).toBe(200);
    expect((again.body as { summary: { where: string } }).summary.where).toBe("list");
  });

  it("points at the quarantine for bytes that are no report", async () => {
    const reply = await upload(ctx, Buffer.from("hello"));
    expect((reply.body as { summary: { where: string; message: string } }).summary).toMatchObject({ where: "raw" });
  });
});

describe("formatPeriod", () => {
  it("writes UTC days, a period ending at midnight ending the day before", () => {
    expect(formatPeriod(new Date("2026-12-01T00:00:00Z"), new Date("2026-12-03T00:00:00Z"))).toBe("1–2 Dec");
    expect(formatPeriod(new Date("2026-11-30T00:00:00Z"), new Date("2026-12-01T23:59:59Z"))).toBe("30 Nov–1 Dec");
    expect(formatPeriod(new Date("2026-12-01T00:00:00Z"), new Date("2026-12-01T23:59:59Z"))).toBe("1 Dec");
  });
});
