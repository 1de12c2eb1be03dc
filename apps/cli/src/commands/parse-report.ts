import fs from "node:fs/promises";
import { parseArgs } from "node:util";

import {
  type DmarcAggregateReport,
  type FeedbackReport,
  type ParseReportResult,
  REPORT_MAX_INPUT_BYTES,
  type TlsReport,
  parseReport,
} from "@inboxwatch/deliverability/reports";

import { type CliCommand, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch parse-report <file|-> [--json] [--records <n>]

Parses one DMARC aggregate, DMARC failure, ARF (feedback loop) or SMTP TLS report, given raw (XML,
JSON), gzip, zip or as the email that carried it, with the same limits as the intake: 25 MiB input,
25 MiB inflated, zip with at most 5 members, no nested archives, no DTDs, capped nesting and records.
Prints the normalized report; a rejected input prints the reason and exits 1.
  -              read the report from standard input
  --json         print the normalized report as JSON
  --records <n>  DMARC records listed in the human output (default 20; --json prints all)`;

const DEFAULT_RECORDS_SHOWN = 20;

const day = (d: Date) => d.toISOString().replace(".000Z", "Z");
const pct = (part: number, whole: number) => (whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`);
const orDash = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? "-" : v);

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function formatDmarc(r: DmarcAggregateReport, shown: number): string[] {
  const p = r.policyPublished;
  let dkimPass = 0;
  let spfPass = 0;
  let aligned = 0;
  for (const rec of r.records) {
    const dkim = rec.policyEvaluated.dkim === "pass";
    const spf = rec.policyEvaluated.spf === "pass";
    if (dkim) dkimPass += rec.count;
    if (spf) spfPass += rec.count;
    if (dkim || spf) aligned += rec.count;
  }
  const lines = [
    `DMARC aggregate report ${r.reportId}`,
    `  reporter:   ${r.reporter.orgName || "-"}${r.reporter.email ? ` <${r.reporter.email}>` : ""}`,
    `  period:     ${day(r.dateRange.begin)} → ${day(r.dateRange.end)}`,
    `  policy:     ${orDash(p.domain)} p=${orDash(p.p)} sp=${orDash(p.sp)}${p.np ? ` np=${p.np}` : ""} pct=${p.pct ?? "-"} adkim=${orDash(p.adkim)} aspf=${orDash(p.aspf)}${p.fo ? ` fo=${p.fo}` : ""}`,
    `  messages:   ${r.messageCount} in ${r.recordCount} records; DMARC pass ${pct(aligned, r.messageCount)} (DKIM aligned ${pct(dkimPass, r.messageCount)}, SPF aligned ${pct(spfPass, r.messageCount)})`,
  ];
  if (r.errors.length > 0) lines.push(`  errors:     ${r.errors.join("; ")}`);
  if (r.warnings.length > 0) lines.push(`  recovered:  ${r.warnings.length} XML problem(s), e.g. ${r.warnings[0] ?? ""}`);
  if (r.records.length === 0) return lines;
  const rows = [["source ip", "count", "disposition", "dkim", "spf", "header from", "auth results"]];
  for (const rec of r.records.slice(0, shown)) {
    const auth = [
      ...rec.authResults.dkim.map((d) => `dkim ${orDash(d.domain)}${d.selector ? `/${d.selector}` : ""}=${orDash(d.result)}`),
      ...rec.authResults.spf.map((s) => `spf ${orDash(s.domain)}${s.scope ? `(${s.scope})` : ""}=${orDash(s.result)}`),
    ];
    const reasons = rec.policyEvaluated.reasons.map((x) => x.type ?? "").filter(Boolean);
    rows.push([
      orDash(rec.sourceIp),
      String(rec.count),
      orDash(rec.policyEvaluated.disposition) + (reasons.length > 0 ? ` (${reasons.join(",")})` : ""),
      orDash(rec.policyEvaluated.dkim),
      orDash(rec.policyEvaluated.spf),
      orDash(rec.identifiers.headerFrom),
      auth.join(", "),
    ]);
  }
  lines.push("", ...table(rows).map((l) => `  ${l}`));
  if (r.records.length > shown) lines.push(`  … ${r.records.length - shown} more records (--records <n> or --json)`);
  return lines;
}

function formatTls(r: TlsReport): string[] {
  const lines = [
    `SMTP TLS report ${r.reportId}`,
    `  reporter:   ${r.organizationName || "-"}${r.contactInfo ? ` <${r.contactInfo}>` : ""}`,
    `  period:     ${day(r.dateRange.begin)} → ${day(r.dateRange.end)}`,
    `  sessions:   ${r.totalSuccessfulSessions} successful, ${r.totalFailedSessions} failed`,
  ];
  for (const p of r.policies) {
    lines.push(
      `  policy ${orDash(p.policyType)} ${orDash(p.policyDomain)}: ${p.successfulSessionCount} ok, ${p.failedSessionCount} failed${p.mxHosts.length > 0 ? ` (mx ${p.mxHosts.join(", ")})` : ""}`,
    );
    for (const f of p.failureDetails) {
      lines.push(
        `    ${orDash(f.resultType)} × ${f.failedSessionCount}: ${orDash(f.sendingMtaIp)} → ${orDash(f.receivingMxHostname)} ${f.receivingIp ? `[${f.receivingIp}]` : ""}${f.additionalInformation ? ` ${f.additionalInformation}` : ""}`.trimEnd(),
      );
    }
  }
  return lines;
}

function formatFeedback(kind: "arf" | "dmarc_failure", r: FeedbackReport): string[] {
  const lines = [
    `${kind === "arf" ? "ARF feedback report" : "DMARC failure report"}: ${r.feedbackType}`,
    `  reporter:   ${orDash(r.reportingMta ?? r.reportEmail.from)}${r.userAgent ? ` (${r.userAgent})` : ""}`,
    `  arrival:    ${r.arrivalDate ? day(r.arrivalDate) : "-"}`,
    `  source ip:  ${orDash(r.sourceIp)}`,
    `  mail from:  ${orDash(r.originalMailFrom)}`,
    `  recipients: ${r.complainedRecipients.length > 0 ? r.complainedRecipients.join(", ") : "-"}`,
  ];
  if (r.reportedDomains.length > 0) lines.push(`  domains:    ${r.reportedDomains.join(", ")}`);
  if (kind === "dmarc_failure") {
    lines.push(
      `  failure:    ${orDash(r.authFailure)}${r.identityAlignment ? ` (aligned: ${r.identityAlignment})` : ""}${r.dkimDomain ? ` dkim d=${r.dkimDomain}${r.dkimSelector ? ` s=${r.dkimSelector}` : ""}` : ""}`,
    );
  }
  const m = r.originalMessage;
  if (m) {
    lines.push(`  message:    ${orDash(m.messageId)}`, `    from:     ${orDash(m.from)}`, `    subject:  ${orDash(m.subject)}`);
    if (m.listId) lines.push(`    list-id:  ${m.listId}`);
    for (const [name, value] of Object.entries(m.campaignHeaders)) lines.push(`    ${name}: ${value}`);
  }
  return lines;
}

function formatHuman(result: Extract<ParseReportResult, { ok: true }>, shown: number): string {
  const lines =
    result.kind === "dmarc_aggregate"
      ? formatDmarc(result.report, shown)
      : result.kind === "tls_rpt"
        ? formatTls(result.report)
        : formatFeedback(result.kind, result.report);
  return [...lines, `  container:  ${result.container.join(" → ")}`].join("\n");
}

async function readInput(file: string, readStdin: () => Promise<Buffer>): Promise<Buffer | string> {
  if (file === "-") return readStdin();
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new UsageError(`Not a readable file: ${file}`);
  // Refuse before reading, like the SMTP intake's SIZE limit.
  if (stat.size > REPORT_MAX_INPUT_BYTES) return `input is ${stat.size} bytes (at most ${REPORT_MAX_INPUT_BYTES})`;
  return fs.readFile(file);
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean", default: false }, records: { type: "string" } },
    });
    const [file] = positionals;
    if (!file) throw new UsageError("Missing <file> (or - for standard input)");
    const shown = values.records === undefined ? DEFAULT_RECORDS_SHOWN : Number(values.records);
    if (!Number.isInteger(shown) || shown < 0) throw new UsageError("--records takes a non-negative integer");

    const input = await readInput(file, () => io.readStdin());
    const result: ParseReportResult =
      typeof input === "string" ? { ok: false, reason: "too_large", message: input } : await parseReport(input);
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
    } else if (result.ok) {
      io.out(formatHuman(result, shown));
    } else {
      io.err(`rejected (${result.reason}): ${result.message}`);
    }
    return result.ok ? 0 : 1;
  },
};
