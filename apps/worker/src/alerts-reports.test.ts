/**
 * Reports feed alert rules: the `reports.process` handler queues an evaluation for the organization once
 * a report is processed, and the "DMARC compliance %" and "TLS-RPT failure count" rules read the stored
 * report tables — a report with low compliance (or many failed TLS sessions) opens an incident.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createRule } from "@inboxwatch/alerting";
import { ingestReport } from "@inboxwatch/services/reports";
import { type OrgContext } from "@inboxwatch/services";

import { handlers } from "./handlers.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

/** An RFC 7489 Appendix C aggregate report: `pass` aligned messages and `fail` unaligned ones. */
function dmarcXml(reportId: string, pass: number, fail: number): string {
  const row = (ip: string, count: number, result: "pass" | "fail") => `
  <record>
    <row><source_ip>${ip}</source_ip><count>${count}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${result}</dkim><spf>${result}</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><result>${result}</result></dkim><spf><domain>example.com</domain><result>${result}</result></spf></auth_results>
  </record>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>receiver.test</org_name><email>noreply@receiver.test</email><report_id>${reportId}</report_id>
    <date_range><begin>1764201600</begin><end>1764287999</end></date_range></report_metadata>
  <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>${row("192.0.2.10", pass, "pass")}${row("198.51.100.66", fail, "fail")}
</feedback>`;
}

function tlsJson(failed: number): string {
  return JSON.stringify({
    "organization-name": "Receiver",
    "date-range": { "start-datetime": "2026-11-27T00:00:00Z", "end-datetime": "2026-11-27T23:59:59Z" },
    "contact-info": "tlsrpt@receiver.test",
    "report-id": "tls-1",
    policies: [
      {
        policy: {
          "policy-type": "sts",
          "policy-string": ["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 86400"],
          "policy-domain": "example.com",
        },
        summary: { "total-successful-session-count": 100, "total-failure-session-count": failed },
        "failure-details": [
          { "result-type": "certificate-expired", "receiving-mx-hostname": "mx.example.com", "failed-session-count": failed },
        ],
      },
    ],
  });
}

async function evaluateJobsQueued(orgId: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: number }[]>(
    `select count(*)::int as n from pgboss.job where name = 'alerts.evaluate' and data->>'orgId' = $1`,
    orgId,
  );
  return rows[0]?.n ?? 0;
}

async function processReport(ctx: OrgContext, body: string) {
  const raw = await ingestReport(ctx, { bytes: Buffer.from(body), channel: "API" });
  const process = handlers["reports.process"];
  if (!process) throw new Error("no reports.process handler");
  return process({ orgId: ctx.orgId, rawReportId: raw.id }, { db: t.db });
}

describe("reports.process → alert evaluation", () => {
  it("queues an evaluation, and low DMARC compliance and TLS-RPT failures open incidents on the domain", async () => {
    const org = await t.db.organization.create({ data: { name: "Reports", slug: "reports-alerts" } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const domain = await t.db.sendingDomain.create({ data: { orgId: org.id, domain: "example.com" } });
    await createRule(ctx, {
      name: "DMARC compliance below 95%",
      scope: { type: "domain", id: domain.id },
      condition: { kind: "threshold", metric: "dmarc_compliance", comparator: "<", value: 95, windowMinutes: 24 * 60 },
      severity: "warning",
      minVolume: 100,
    });
    await createRule(ctx, {
      name: "TLS-RPT failures",
      scope: { type: "organization" },
      condition: { kind: "threshold", metric: "tlsrpt_failures", comparator: ">", value: 10, windowMinutes: 24 * 60 },
      severity: "warning",
      minVolume: 50,
    });

    // 900 aligned of 1,000 messages: 90% compliance.
    expect(await processReport(ctx, dmarcXml("r-1", 900, 100))).toMatchObject({ status: "PARSED" });
    expect(await evaluateJobsQueued(org.id)).toBe(1);
    const evaluate = handlers["alerts.evaluate"];
    if (!evaluate) throw new Error("no alerts.evaluate handler");
    expect(await evaluate({ orgId: org.id }, { db: t.db })).toMatchObject({ opened: 1 });
    const dmarcIncident = await t.db.incident.findFirstOrThrow({ where: { orgId: org.id, title: "DMARC compliance below 95%" } });
    expect(dmarcIncident).toMatchObject({ status: "open", scopeKey: `domain:${domain.id}`, lastValue: 90 });

    expect(await processReport(ctx, tlsJson(40))).toMatchObject({ status: "PARSED" });
    expect(await evaluate({ orgId: org.id }, { db: t.db })).toMatchObject({ opened: 1 });
    const tlsIncident = await t.db.incident.findFirstOrThrow({ where: { orgId: org.id, title: "TLS-RPT failures" } });
    expect(tlsIncident).toMatchObject({ status: "open", lastValue: 40 });
  });

  it("stays quiet when the reports are compliant", async () => {
    const org = await t.db.organization.create({ data: { name: "Quiet", slug: "reports-quiet" } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    await createRule(ctx, {
      name: "DMARC compliance below 95%",
      scope: { type: "organization" },
      condition: { kind: "threshold", metric: "dmarc_compliance", comparator: "<", value: 95, windowMinutes: 24 * 60 },
      severity: "warning",
      minVolume: 100,
    });
    expect(await processReport(ctx, dmarcXml("ok-1", 995, 5))).toMatchObject({ status: "PARSED" });
    const evaluate = handlers["alerts.evaluate"];
    if (!evaluate) throw new Error("no alerts.evaluate handler");
    expect(await evaluate({ orgId: org.id }, { db: t.db })).toMatchObject({ evaluated: 1, opened: 0 });
  });
});
