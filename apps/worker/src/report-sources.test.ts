// The reports.process handler queues the source naming run for the organization once a report is
// parsed, and only then (a quarantined report names nothing).
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { ingestReport } from "@inboxwatch/services/reports/index";

import { processReportJob } from "./report-sources.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../..", "../shared/corpus");
const REPORT = fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", "parsedmarc/extract_report/nice-input.xml.gz"));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

async function namingJobs(orgId: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from pgboss.job where name = 'reports.name-sources' and data->>'orgId' = $1`, orgId);
  return Number(rows[0]?.n ?? 0);
}

describe("reports.process handler", () => {
  it("queues reports.name-sources for the organization after a report is parsed, not after a quarantine", async () => {
    const org = await t.db.organization.create({ data: { name: "Names", slug: "names-handler" } });
    const ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "test" } };
    const broken = await ingestReport(ctx, { bytes: Buffer.from("not a report"), channel: "API" });
    expect(await processReportJob({ orgId: org.id, rawReportId: broken.id }, { db: t.db })).toEqual({ status: "QUARANTINED" });
    expect(await namingJobs(org.id)).toBe(0);
    const good = await ingestReport(ctx, { bytes: REPORT, channel: "API" });
    expect(await processReportJob({ orgId: org.id, rawReportId: good.id }, { db: t.db })).toEqual({ status: "PARSED" });
    expect(await namingJobs(org.id)).toBe(1);
  });
});
