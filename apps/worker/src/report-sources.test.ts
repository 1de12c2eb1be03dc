// The reports.process handlers queue the source naming run (and the batch handler an alert evaluation)
// for an organization once a report is parsed, and only then (a quarantined report names nothing).
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { ingestReport } from "@inboxwatch/services/reports";

// The engine's generator of realistic aggregate reports (test/bench helper, not its public API).
import { syntheticAggregateBytes } from "../../../packages/deliverability/src/reports/synthetic-aggregate.ts";

import { processReportBatchJob, processReportJob } from "./report-sources.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../..", "../shared/corpus");
const REPORT = fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", "parsedmarc/extract_report/nice-input.xml.gz"));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

async function namingJobs(orgId: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from pgboss.job where name = 'reports.name-sources' and data->>'orgId' = $1`,
    orgId,
  );
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

describe("reports.process batch handler", () => {
  async function jobsFor(name: string, orgId: string): Promise<number> {
    const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from pgboss.job where name = $1 and data->>'orgId' = $2`,
      name,
      orgId,
    );
    return Number(rows[0]?.n ?? 0);
  }

  it("stores a batch of several organizations' reports and queues one naming run and one evaluation per organization with new rows", async () => {
    const orgs = await Promise.all(
      ["batch-a", "batch-b", "batch-c"].map((slug) => t.db.organization.create({ data: { name: slug, slug } })),
    );
    const [a, b, c] = orgs.map((o) => ({ db: t.db, orgId: o.id, actor: { type: "SYSTEM" as const, label: "test" } }));
    if (!a || !b || !c) throw new Error("organizations not created");
    const payloads = [
      {
        orgId: a.orgId,
        rawReportId: (await ingestReport(a, { bytes: gzipSync(syntheticAggregateBytes({ seed: 1, records: 5 })), channel: "SMTP" })).id,
      },
      {
        orgId: a.orgId,
        rawReportId: (await ingestReport(a, { bytes: gzipSync(syntheticAggregateBytes({ seed: 2, records: 6 })), channel: "SMTP" })).id,
      },
      { orgId: b.orgId, rawReportId: (await ingestReport(b, { bytes: REPORT, channel: "SMTP" })).id },
      // Only a quarantine for this organization: nothing new to name or evaluate.
      { orgId: c.orgId, rawReportId: (await ingestReport(c, { bytes: Buffer.from("garbage"), channel: "SMTP" })).id },
    ];
    expect(await processReportBatchJob(payloads, { db: t.db })).toEqual(["PARSED", "PARSED", "PARSED", "QUARANTINED"]);
    expect(await Promise.all([a, b, c].map((o) => jobsFor("reports.name-sources", o.orgId)))).toEqual([1, 1, 0]);
    expect(await Promise.all([a, b, c].map((o) => jobsFor("alerts.evaluate", o.orgId)))).toEqual([1, 1, 0]);
  });
});
