/**
 * BIMI (draft-brand-indicators-for-message-identification): `<selector>._bimi.<domain>` with l= (SVG
 * logo over HTTPS) and a= (VMC/CMC evidence); receivers show the logo only under an enforced DMARC
 * policy (quarantine at pct=100 or reject).
 */
import type { DmarcCheckResult } from "./dmarc.ts";
import { finding, gradeOf, graded, parseTags, statusOf, temperrorFinding, txtStrings } from "./findings.ts";
import type { CheckResultBase, DnsResolver, Finding } from "./types.ts";

export interface BimiCheckResult extends CheckResultBase {
  check: "bimi";
  domain: string;
  logoUrl?: string;
  authorityUrl?: string;
}

export interface BimiCheckOptions {
  selector?: string;
  /** The domain's DMARC result, to judge enforcement; the check does not fetch it again. */
  dmarc?: Pick<DmarcCheckResult, "strength">;
}

export async function checkBimi(domain: string, resolver: DnsResolver, opts: BimiCheckOptions = {}): Promise<BimiCheckResult> {
  const findings: Finding[] = [];
  const name = `${opts.selector ?? "default"}._bimi.${domain}`;
  const txt = await resolver.query(name, "TXT");
  const base = { check: "bimi" as const, domain };
  if (txt.kind === "error") {
    findings.push(temperrorFinding("bimi", name, txt));
    return { ...base, status: "temperror", ...graded("temperror", findings), findings, records: [] };
  }
  const records = txtStrings(txt).filter((r) => /^v\s*=\s*BIMI1/i.test(r));
  if (records.length === 0) {
    findings.push(
      finding(
        "info",
        "bimi.missing",
        `No BIMI record at ${name}.`,
        "Optional: publish v=BIMI1 with your SVG logo (l=) and a mark certificate (a=) to show your logo in supporting inboxes.",
      ),
    );
    return { ...base, status: "none", grade: gradeOf(findings), findings, records: [] };
  }
  if (records.length > 1)
    findings.push(
      finding(
        "critical",
        "bimi.multiple-records",
        `${name} has ${records.length} BIMI records; receivers ignore them all.`,
        "Keep one v=BIMI1 record.",
      ),
    );
  const { tags } = parseTags(records[0] as string);
  const logoUrl = tags.get("l") ?? "";
  const authorityUrl = tags.get("a") ?? "";
  if (logoUrl === "" && authorityUrl === "") {
    findings.push(
      finding("info", "bimi.declined", "The BIMI record declines to show a logo (empty l= and a=).", "Nothing to fix if intended."),
    );
  } else {
    if (!/^https:\/\/\S+\.svg$/i.test(logoUrl))
      findings.push(
        finding(
          "critical",
          "bimi.bad-logo",
          `l=${logoUrl || "(empty)"} must be an https:// URL of an SVG Tiny PS file.`,
          "Host the SVG Tiny PS logo over HTTPS and put its URL in l=.",
        ),
      );
    if (authorityUrl === "")
      findings.push(
        finding(
          "warning",
          "bimi.no-authority",
          "No a= (VMC/CMC): Gmail and Apple Mail show no logo without a mark certificate.",
          "Obtain a Verified or Common Mark Certificate and publish its PEM URL in a=.",
        ),
      );
    else if (!/^https:\/\/\S+$/i.test(authorityUrl))
      findings.push(
        finding("critical", "bimi.bad-authority", `a=${authorityUrl} must be an https:// URL.`, "Publish the certificate PEM over HTTPS."),
      );
  }
  if (opts.dmarc && opts.dmarc.strength !== "quarantine" && opts.dmarc.strength !== "reject") {
    findings.push(
      finding(
        "critical",
        "bimi.dmarc-not-enforced",
        `BIMI needs DMARC enforcement (p=quarantine at 100% or p=reject); the policy is "${opts.dmarc.strength}".`,
        "Move DMARC to p=quarantine (pct=100) or p=reject.",
      ),
    );
  }
  return {
    ...base,
    status: statusOf(findings),
    grade: gradeOf(findings),
    findings,
    records,
    ...(logoUrl ? { logoUrl } : {}),
    ...(authorityUrl ? { authorityUrl } : {}),
  };
}
