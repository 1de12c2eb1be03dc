// Every sample of the shared corpus (../shared/corpus beside the repo) against its expected.json:
// helper_reference_parse field by field, the upstream projects' own assertions where they exist.
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { type ParseReportResult, parseReport } from "./parse-report.ts";
import { type DmarcAggregateReport, type FeedbackReport, type TlsReport } from "./types.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");

function expectedOf(kind: string): Record<string, Record<string, unknown>> {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, kind, "expected.json"), "utf8")) as Record<string, Record<string, unknown>>;
}

async function parseFile(kind: string, file: string): Promise<ParseReportResult> {
  return parseReport(fs.readFileSync(path.join(CORPUS, kind, file)));
}

/** The helper keeps raw text; we normalize "" to null and RFC keywords to lowercase. */
const raw = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const kw = (v: unknown): string | null => raw(v)?.toLowerCase() ?? null;
const epoch = (d: Date): string => String(d.getTime() / 1000);

interface HelperDmarc {
  org_name: string;
  email: string | null;
  report_id: string;
  begin: string;
  end: string;
  policy_published: Record<string, string>;
  record_count: number;
  message_count: number;
  records?: {
    source_ip: string;
    count: number;
    disposition: string;
    dkim: string;
    spf: string;
    reasons: string[];
    header_from: string;
    envelope_from: string | null;
    dkim_results: { domain: string; selector: string | null; result: string }[];
    spf_results: { domain: string; scope: string | null; result: string }[];
  }[];
}

describe("DMARC aggregate corpus", () => {
  const expected = expectedOf("dmarc-aggregate");
  const files = Object.keys(expected);

  it("covers every sample file in the folder", () => {
    expect(files.length).toBeGreaterThanOrEqual(32);
  });

  it.each(files)("%s", async (file) => {
    const entry = expected[file]!;
    const result = await parseFile("dmarc-aggregate", file);
    const helper = entry.helper_reference_parse as HelperDmarc | null;
    if (!helper) {
      // Broken sample (parsedmarc's empty.xml: "raises ParserError"): a typed rejection, not a crash.
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe("malformed");
      return;
    }
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    if (!result.ok || result.kind !== "dmarc_aggregate") throw new Error("not a DMARC aggregate report");
    const r: DmarcAggregateReport = result.report;
    expect(r.reporter.orgName).toBe(helper.org_name);
    expect(r.reporter.email).toBe(raw(helper.email));
    expect(r.reportId).toBe(helper.report_id);
    expect(epoch(r.dateRange.begin)).toBe(helper.begin.trim());
    expect(epoch(r.dateRange.end)).toBe(helper.end.trim());
    const p = helper.policy_published;
    expect(r.policyPublished.domain).toBe(raw(p.domain));
    for (const key of ["adkim", "aspf", "p", "sp", "np", "fo", "testing"] as const) expect(r.policyPublished[key], key).toBe(kw(p[key]));
    expect(r.policyPublished.pct).toBe(p.pct === undefined ? null : Number(p.pct));
    expect(r.recordCount).toBe(helper.record_count);
    expect(r.messageCount).toBe(helper.message_count);
    expect(r.records).toHaveLength(helper.record_count);
    if (!helper.records) return; // lenient-regex helper parses carry summary fields only
    helper.records.forEach((h, i) => {
      const rec = r.records[i]!;
      expect(rec.sourceIp).toBe(raw(h.source_ip));
      expect(rec.count).toBe(h.count);
      expect(rec.policyEvaluated.disposition).toBe(kw(h.disposition));
      expect(rec.policyEvaluated.dkim).toBe(kw(h.dkim));
      expect(rec.policyEvaluated.spf).toBe(kw(h.spf));
      expect(rec.policyEvaluated.reasons.map((x) => x.type)).toEqual(h.reasons.map(kw));
      expect(rec.identifiers.headerFrom).toBe(raw(h.header_from));
      expect(rec.identifiers.envelopeFrom).toBe(raw(h.envelope_from));
      expect(rec.authResults.dkim.map((d) => [d.domain, d.selector, d.result])).toEqual(
        h.dkim_results.map((d) => [raw(d.domain), raw(d.selector), kw(d.result)]),
      );
      expect(rec.authResults.spf.map((s) => [s.domain, s.scope, s.result])).toEqual(
        h.spf_results.map((s) => [raw(s.domain), kw(s.scope), kw(s.result)]),
      );
    });
  });

  it("lowercases result words reported in upper case (parsedmarc testAggregateResultWordsAreLowercase)", async () => {
    const result = await parseFile("dmarc-aggregate", "parsedmarc/aggregate_invalid/report_with_upper_cased_pass.xml");
    if (!result.ok || result.kind !== "dmarc_aggregate") throw new Error("not parsed");
    const rec = result.report.records[0]!;
    expect([rec.policyEvaluated.dkim, rec.policyEvaluated.spf, rec.policyEvaluated.disposition]).toEqual(["pass", "pass", "none"]);
    expect([rec.authResults.dkim[0]!.result, rec.authResults.spf[0]!.result]).toEqual(["pass", "pass"]);
  });

  it("reads the same report from .xml, .xml.gz and .xml.zip (parsedmarc extract_report)", async () => {
    const plain = await parseFile("dmarc-aggregate", "parsedmarc/extract_report/nice-input.xml");
    for (const file of ["parsedmarc/extract_report/nice-input.xml.gz", "parsedmarc/extract_report/nice-input.xml.zip"]) {
      const other = await parseFile("dmarc-aggregate", file);
      expect(other.ok && plain.ok && other.report).toEqual(plain.ok && plain.report);
    }
  });

  const stalwart = files.filter((f) => typeof expected[f]!.upstream_expected_file === "string");
  it.each(stalwart)("%s matches stalwartlabs/mail-auth's expected parse on the fields it names", async (file) => {
    interface Upstream {
      report_metadata: {
        org_name: string;
        report_id: string;
        extra_contact_info: string | null;
        error: string[];
        date_range: { begin: number; end: number };
      };
      record: {
        row: { source_ip: string; count: number; policy_evaluated: { reason: { comment: string | null }[] } };
        identifiers: { envelope_to: string | null };
      }[];
    }
    const upstream = JSON.parse(
      fs.readFileSync(path.join(CORPUS, "dmarc-aggregate", expected[file]!.upstream_expected_file as string), "utf8"),
    ) as Upstream;
    const result = await parseFile("dmarc-aggregate", file);
    if (!result.ok || result.kind !== "dmarc_aggregate") throw new Error("not parsed");
    const r = result.report;
    const m = upstream.report_metadata;
    expect([r.reporter.orgName, r.reportId, r.reporter.extraContactInfo, r.errors]).toEqual([
      m.org_name,
      m.report_id,
      m.extra_contact_info,
      m.error,
    ]);
    expect([r.dateRange.begin.getTime() / 1000, r.dateRange.end.getTime() / 1000]).toEqual([m.date_range.begin, m.date_range.end]);
    expect(r.records.map((x) => [x.sourceIp, x.count, x.identifiers.envelopeTo, x.policyEvaluated.reasons.map((y) => y.comment)])).toEqual(
      upstream.record.map((x) => [
        x.row.source_ip,
        x.row.count,
        x.identifiers.envelope_to,
        x.row.policy_evaluated.reason.map((y) => y.comment),
      ]),
    );
  });
});

describe("ARF and DMARC failure corpus", () => {
  const expected = expectedOf("arf");
  const files = Object.keys(expected);

  it.each(files)("%s", async (file) => {
    const entry = expected[file]!;
    const helper = entry.helper_reference_parse as Record<string, unknown>;
    const result = await parseFile("arf", file);
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    if (!result.ok || (result.kind !== "arf" && result.kind !== "dmarc_failure")) throw new Error("not a feedback report");
    const r: FeedbackReport = result.report;
    if (helper.has_feedback_report_part) {
      const type = kw(helper["Feedback-Type"]);
      expect(r.feedbackType).toBe(type);
      expect(result.kind).toBe(type === "auth-failure" ? "dmarc_failure" : "arf");
      expect(r.userAgent).toBe(raw(helper["User-Agent"]) ?? null);
      expect(r.version).toBe(raw(helper.Version) ?? null);
      expect(r.sourceIp).toBe(raw(helper["Source-IP"]));
      const bare = (v: unknown) => raw(v)?.replace(/^<(.*)>$/, "$1") ?? null;
      expect(r.originalMailFrom).toBe(bare(helper["Original-Mail-From"]));
      expect(r.originalRcptTo).toEqual(((helper["Original-Rcpt-To"] as string[] | undefined) ?? []).map(bare));
      expect(r.reportedDomains).toEqual(helper["Reported-Domain"] ?? []);
      expect(r.reportedUris).toEqual(helper["Reported-URI"] ?? []);
      expect(r.authFailure).toBe(kw(helper["Auth-Failure"]));
      expect(r.dkimDomain).toBe(raw(helper["DKIM-Domain"]));
      expect(r.deliveryResult).toBe(kw(helper["Delivery-Result"]));
      expect(r.reportingMta).toBe(raw(helper["Reporting-MTA"])?.replace(/^dns;\s*/, "") ?? null);
      const arrival = raw(helper["Arrival-Date"]) ?? raw(helper["Received-Date"]);
      expect(r.arrivalDate?.getTime() ?? null).toBe(arrival === null ? null : new Date(arrival).getTime());
      if (helper.has_original_message_part) expect(r.originalMessage).not.toBeNull();
    }
    const upstreamRecords = entry.upstream_expected as { feedback_type: string }[] | undefined;
    if (upstreamRecords) {
      // sisimai decodes one record per reported recipient; a report naming none is one record.
      expect(Math.max(1, r.complainedRecipients.length)).toBe(upstreamRecords.length);
      for (const u of upstreamRecords) expect(r.feedbackType).toBe(u.feedback_type);
    }
    if (file.startsWith("parsedmarc-failure/")) expect(result.kind).toBe("dmarc_failure"); // parsedmarc: report_type "failure"
  });

  const stalwart = files.filter((f) => typeof expected[f]!.upstream_expected_file === "string");
  it.each(stalwart)("%s matches stalwartlabs/mail-auth's expected parse", async (file) => {
    const upstream = JSON.parse(
      fs.readFileSync(path.join(CORPUS, "arf", expected[file]!.upstream_expected_file as string), "utf8"),
    ) as Record<string, unknown>;
    const result = await parseFile("arf", file);
    if (!result.ok || result.kind === "dmarc_aggregate" || result.kind === "tls_rpt") throw new Error("not parsed");
    const r = result.report;
    const unspecified = (v: unknown) => (v === "Unspecified" ? null : typeof v === "string" ? v.toLowerCase() : null);
    expect(r.feedbackType.replace("-", "")).toBe((upstream.feedback_type as string).toLowerCase());
    expect(r.arrivalDate ? r.arrivalDate.getTime() / 1000 : null).toBe(upstream.arrival_date ?? null);
    expect(r.sourceIp).toBe(upstream.source_ip);
    expect(r.userAgent).toBe(upstream.user_agent);
    expect(r.reportingMta).toBe(upstream.reporting_mta);
    expect(r.reportedUris).toEqual(upstream.reported_uri);
    expect(r.dkimDomain).toBe(upstream.dkim_domain);
    expect(r.authFailure).toBe(unspecified(upstream.auth_failure));
    expect(r.incidents ?? 1).toBe(upstream.incidents);
  });

  it("keeps the reported message's identifying headers", async () => {
    const result = await parseFile("arf", "sisimai/arf-17.eml");
    if (!result.ok || result.kind !== "arf") throw new Error("not parsed");
    expect(result.report.originalMessage?.subject).toBeTruthy();
    expect(result.report.complainedRecipients).toEqual(["kijitora@example.com", "sabatora@example.net"]);
  });
});

interface HelperTls {
  "organization-name": string;
  "report-id": string;
  "contact-info": string | null;
  "start-datetime": string;
  "end-datetime": string;
  policy_count: number;
  total_successful_sessions: number;
  total_failure_sessions: number;
  policies: {
    "policy-type": string;
    "policy-domain": string | null;
    "total-successful-session-count": number;
    "total-failure-session-count": number | null;
    "failed-session-count-sum": number;
    "failure-result-types": string[];
  }[];
}

describe("SMTP TLS report corpus", () => {
  const expected = expectedOf("tls-rpt");
  const files = Object.keys(expected);

  it.each(files)("%s", async (file) => {
    const helper = expected[file]!.helper_reference_parse as HelperTls;
    const result = await parseFile("tls-rpt", file);
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    if (!result.ok || result.kind !== "tls_rpt") throw new Error("not a TLS report");
    const r: TlsReport = result.report;
    expect(r.organizationName).toBe(helper["organization-name"]);
    expect(r.reportId).toBe(helper["report-id"]);
    expect(r.contactInfo).toBe(helper["contact-info"]);
    expect(r.dateRange.begin.toISOString().replace(".000", "")).toBe(helper["start-datetime"]);
    expect(r.dateRange.end.toISOString().replace(".000", "")).toBe(helper["end-datetime"]);
    expect(r.policies).toHaveLength(helper.policy_count);
    expect([r.totalSuccessfulSessions, r.totalFailedSessions]).toEqual([helper.total_successful_sessions, helper.total_failure_sessions]);
    helper.policies.forEach((h, i) => {
      const p = r.policies[i]!;
      expect([p.policyType, p.policyDomain, p.successfulSessionCount, p.failedSessionCount]).toEqual([
        h["policy-type"],
        h["policy-domain"],
        h["total-successful-session-count"],
        h["total-failure-session-count"] ?? 0,
      ]);
      expect(p.failureDetails.map((d) => d.resultType)).toEqual(h["failure-result-types"]);
      expect(p.failureDetails.reduce((s, d) => s + d.failedSessionCount, 0)).toBe(h["failed-session-count-sum"]);
    });
  });

  it("parses rpt02.eml to the same report as rpt02.json (mail-auth)", async () => {
    const fromEmail = await parseFile("tls-rpt", "mail-auth/rpt02.eml");
    const fromJson = await parseFile("tls-rpt", "mail-auth/rpt02.json");
    expect(fromEmail.ok && fromEmail.report).toEqual(fromJson.ok && fromJson.report);
  });

  it("normalises report.json and the base64 .json.gz alike (Mail::TLSRPT t/03-file-json.t)", async () => {
    const upstream = JSON.parse(fs.readFileSync(path.join(CORPUS, "tls-rpt/mail-tls-rpt/upstream-expected/expected.json"), "utf8")) as {
      "report-id": string;
      policies: { policy: { "policy-type": string; "policy-domain": string }; summary: { "total-successful-session-count": number } }[];
    };
    for (const file of ["mail-tls-rpt/report.json", "mail-tls-rpt/report.json.gz.b64", "mail-tls-rpt/email.eml"]) {
      const result = await parseFile("tls-rpt", file);
      if (!result.ok || result.kind !== "tls_rpt") throw new Error(`${file} not parsed`);
      expect(result.report.reportId).toBe(upstream["report-id"]);
      expect(result.report.policies.map((p) => [p.policyType, p.policyDomain, p.successfulSessionCount])).toEqual(
        upstream.policies.map((p) => [p.policy["policy-type"], p.policy["policy-domain"], p.summary["total-successful-session-count"]]),
      );
    }
  });

  it("keeps failure details field by field", async () => {
    const result = await parseFile("tls-rpt", "mail-auth/rpt02.json");
    if (!result.ok || result.kind !== "tls_rpt") throw new Error("not parsed");
    expect(result.report.policies[0]!.policyStrings).toContain("mode: enforce");
    expect(result.report.policies[0]!.failureDetails[0]).toEqual({
      resultType: "certificate-host-mismatch",
      sendingMtaIp: "123.123.123.123",
      receivingMxHostname: "demo.example.com",
      receivingMxHelo: null,
      receivingIp: "234.234.234.234",
      failedSessionCount: 1,
      additionalInformation: null,
      failureReasonCode: null,
    });
  });
});
