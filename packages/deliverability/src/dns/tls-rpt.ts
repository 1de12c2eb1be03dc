/** SMTP TLS Reporting (RFC 8460 §3): `_smtp._tls.<domain>` with v=TLSRPTv1 and rua= mailto:/https: URIs. */
import { finding, gradeOf, graded, parseTags, statusOf, temperrorFinding, txtStrings } from "./findings.ts";
import type { CheckResultBase, DnsResolver, Finding } from "./types.ts";

export interface TlsRptCheckResult extends CheckResultBase {
  check: "tls-rpt";
  domain: string;
  rua: string[];
}

export async function checkTlsRpt(domain: string, resolver: DnsResolver, opts: { hasMtaSts?: boolean } = {}): Promise<TlsRptCheckResult> {
  const findings: Finding[] = [];
  const name = `_smtp._tls.${domain}`;
  const base = { check: "tls-rpt" as const, domain };
  const txt = await resolver.query(name, "TXT");
  if (txt.kind === "error") {
    findings.push(temperrorFinding("tls-rpt", name, txt));
    return { ...base, status: "temperror", ...graded("temperror", findings), findings, records: [], rua: [] };
  }
  // RFC 8460 §3: records not starting with v=TLSRPTv1 are ignored; several valid ones mean none.
  const records = txtStrings(txt).filter((r) => /^v=TLSRPTv1\s*(;|$)/.test(r));
  if (records.length === 0) {
    findings.push(
      finding(
        opts.hasMtaSts ? "warning" : "info",
        "tls-rpt.missing",
        `No TLS-RPT record at ${name}: you will not hear about TLS failures delivering to you.`,
        `Publish "v=TLSRPTv1; rua=mailto:tls-reports@${domain}" at ${name}.`,
      ),
    );
    return { ...base, status: "none", grade: gradeOf(findings), findings, records: [], rua: [] };
  }
  if (records.length > 1) {
    findings.push(
      finding(
        "critical",
        "tls-rpt.multiple-records",
        `${name} has ${records.length} TLS-RPT records; senders ignore them all (RFC 8460 §3).`,
        "Keep one v=TLSRPTv1 record.",
      ),
    );
    return { ...base, status: "fail", grade: gradeOf(findings), findings, records, rua: [] };
  }
  const { tags } = parseTags(records[0] as string);
  const rua = (tags.get("rua") ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (rua.length === 0)
    findings.push(finding("critical", "tls-rpt.no-rua", "The TLS-RPT record has no rua=.", `Add rua=mailto:tls-reports@${domain}.`));
  for (const uri of rua) {
    if (!/^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(uri) && !/^https:\/\/[^\s/]+\.[^\s]+$/i.test(uri)) {
      findings.push(
        finding(
          "critical",
          "tls-rpt.bad-rua",
          `rua entry "${uri}" is neither mailto: nor https: (RFC 8460 §3).`,
          "Use rua=mailto:… or rua=https://…",
        ),
      );
    }
  }
  return { ...base, status: statusOf(findings), grade: gradeOf(findings), findings, records, rua };
}
