/**
 * DMARC record check (RFC 7489 §6, DMARCbis draft): `_dmarc.<domain>` with fallback to the
 * organizational domain (public suffix list via tldts, RFC 7489 §6.6.3), tags, a policy strength,
 * and authorization of external report destinations (RFC 7489 §7.1).
 */
import { getDomain } from "tldts";

import { finding, graded, parseTags, temperrorFinding, txtStrings } from "./findings.ts";
import type { CheckResultBase, CheckStatus, DnsResolver, Finding } from "./types.ts";

export type DmarcPolicy = "none" | "quarantine" | "reject";
/** From weakest to strongest; drift compares ranks. */
export const DMARC_STRENGTHS = ["missing", "none", "partial", "quarantine", "reject"] as const;
export type DmarcStrength = (typeof DMARC_STRENGTHS)[number];

export interface DmarcCheckResult extends CheckResultBase {
  check: "dmarc";
  domain: string;
  /** Where the record was found: the domain itself or its organizational domain. */
  source?: "domain" | "organizational";
  recordDomain?: string;
  orgDomain: string;
  policy?: DmarcPolicy;
  subdomainPolicy?: DmarcPolicy;
  nonexistentPolicy?: DmarcPolicy;
  /** The policy that applies to mail from `domain`. */
  effectivePolicy?: DmarcPolicy;
  pct: number;
  testing: boolean;
  strength: DmarcStrength;
  tags: Record<string, string>;
  rua: string[];
  ruf: string[];
  unauthorizedDestinations: string[];
}

const POLICIES = new Set(["none", "quarantine", "reject"]);

export function organizationalDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false }) ?? domain;
}

async function fetchDmarc(resolver: DnsResolver, domain: string): Promise<{ records: string[] } | { error: Finding }> {
  const name = `_dmarc.${domain}`;
  const txt = await resolver.query(name, "TXT");
  if (txt.kind === "error") return { error: temperrorFinding("dmarc", name, txt) };
  // RFC 7489 §6.6.3: records not starting with "v=DMARC1" are discarded.
  return { records: txtStrings(txt).filter((r) => /^v\s*=\s*DMARC1\s*(;|$)/.test(r)) };
}

export async function checkDmarc(domain: string, resolver: DnsResolver): Promise<DmarcCheckResult> {
  const findings: Finding[] = [];
  const orgDomain = organizationalDomain(domain);
  const base = {
    check: "dmarc" as const,
    domain,
    orgDomain,
    pct: 100,
    testing: false,
    tags: {},
    rua: [],
    ruf: [],
    unauthorizedDestinations: [],
  };
  const done = (
    status: CheckStatus,
    records: string[],
    extra: Partial<DmarcCheckResult> & { strength: DmarcStrength },
  ): DmarcCheckResult => ({ ...base, ...extra, status, ...graded(status, findings), findings, records });

  let source: "domain" | "organizational" = "domain";
  let recordDomain = domain;
  let fetched = await fetchDmarc(resolver, domain);
  if ("records" in fetched && fetched.records.length === 0 && orgDomain !== domain) {
    source = "organizational";
    recordDomain = orgDomain;
    fetched = await fetchDmarc(resolver, orgDomain);
  }
  if ("error" in fetched) {
    findings.push(fetched.error);
    return done("temperror", [], { strength: "missing" });
  }
  if (fetched.records.length === 0) {
    findings.push(
      finding(
        "critical",
        "dmarc.missing",
        `No DMARC record at _dmarc.${domain}${orgDomain !== domain ? ` or _dmarc.${orgDomain}` : ""}.`,
        `Publish "v=DMARC1; p=none; rua=mailto:dmarc@${orgDomain}" at _dmarc.${orgDomain}, read the reports, then move to p=quarantine and p=reject.`,
      ),
    );
    return done("none", [], { strength: "missing" });
  }
  if (fetched.records.length > 1) {
    findings.push(
      finding(
        "critical",
        "dmarc.multiple-records",
        `_dmarc.${recordDomain} has ${fetched.records.length} DMARC records; receivers then apply no policy (RFC 7489 §6.6.3).`,
        "Keep exactly one v=DMARC1 record.",
      ),
    );
    return done("permerror", fetched.records, { strength: "missing", source, recordDomain });
  }
  const record = fetched.records[0] as string;
  const { tags, errors } = parseTags(record);
  if (errors.length > 0)
    findings.push(
      finding("warning", "dmarc.syntax", `DMARC record: ${errors.join("; ")}.`, "Write tags as tag=value separated by semicolons."),
    );
  const policyOf = (tag: string): DmarcPolicy | undefined => {
    const v = tags.get(tag)?.toLowerCase();
    if (v === undefined) return undefined;
    if (POLICIES.has(v)) return v as DmarcPolicy;
    findings.push(
      finding("critical", "dmarc.bad-policy", `${tag}=${v} is not none, quarantine or reject.`, `Set ${tag}=none, quarantine or reject.`),
    );
    return undefined;
  };
  // DMARCbis: a missing or invalid p= with a valid record is treated as p=none.
  const policy = policyOf("p") ?? "none";
  if (!tags.has("p"))
    findings.push(
      finding("critical", "dmarc.no-policy", "The DMARC record has no p= tag.", "Add p=none (monitoring), then p=quarantine or p=reject."),
    );
  const subdomainPolicy = policyOf("sp") ?? policy;
  const nonexistentPolicy = policyOf("np") ?? subdomainPolicy;
  const effectivePolicy = source === "organizational" ? subdomainPolicy : policy;
  const pctText = tags.get("pct");
  let pct = 100;
  if (pctText !== undefined) {
    if (!/^\d{1,3}$/.test(pctText) || Number(pctText) > 100)
      findings.push(finding("warning", "dmarc.bad-pct", `pct=${pctText} is not an integer 0–100.`, "Use pct=100 or drop the tag."));
    else pct = Number(pctText);
  }
  const testing = tags.get("t")?.toLowerCase() === "y";
  for (const tag of ["adkim", "aspf"]) {
    const v = tags.get(tag);
    if (v !== undefined && !/^[rs]$/i.test(v))
      findings.push(
        finding("warning", "dmarc.bad-alignment", `${tag}=${v} must be r or s.`, `Set ${tag}=r (relaxed) or ${tag}=s (strict).`),
      );
  }
  const fo = tags.get("fo");
  if (fo !== undefined && !fo.split(":").every((o) => /^[01ds]$/.test(o.trim())))
    findings.push(
      finding(
        "warning",
        "dmarc.bad-fo",
        `fo=${fo} is not a colon-separated list of 0, 1, d, s.`,
        "Use fo=1 to get failure reports for any failure, or drop fo.",
      ),
    );

  const partial = pct < 100 || testing;
  const strength: DmarcStrength = effectivePolicy === "none" ? "none" : partial ? "partial" : effectivePolicy;
  if (effectivePolicy === "none")
    findings.push(
      finding(
        "warning",
        "dmarc.policy-none",
        "p=none only monitors: spoofed mail is still delivered.",
        "Once the aggregate reports show all your mail aligned, move to p=quarantine, then p=reject.",
      ),
    );
  else if (partial)
    findings.push(
      finding(
        "warning",
        "dmarc.partial",
        `The ${effectivePolicy} policy applies to ${testing ? "no mail (t=y)" : `${pct}% of mail`}.`,
        "Raise pct to 100 (or drop t=y) once reports are clean.",
      ),
    );
  else if (effectivePolicy === "quarantine")
    findings.push(
      finding("info", "dmarc.quarantine", "p=quarantine sends spoofed mail to spam.", "Move to p=reject when reports stay clean."),
    );
  if (source === "domain" && tags.has("sp") && rank(subdomainPolicy) < rank(policy))
    findings.push(
      finding(
        "warning",
        "dmarc.weak-subdomain-policy",
        `sp=${subdomainPolicy} is weaker than p=${policy}: attackers can spoof any subdomain.`,
        `Set sp=${policy} or drop sp.`,
      ),
    );
  if (source === "organizational")
    findings.push(
      finding(
        "info",
        "dmarc.inherited",
        `${domain} has no own record; the policy of ${orgDomain} applies (sp=${subdomainPolicy}).`,
        `Nothing to fix; publish _dmarc.${domain} only if it needs a different policy.`,
      ),
    );

  const rua = uriList(tags.get("rua"), "rua", findings);
  const ruf = uriList(tags.get("ruf"), "ruf", findings);
  if (rua.length === 0)
    findings.push(
      finding(
        "warning",
        "dmarc.no-rua",
        "No rua= address: you receive no aggregate reports and cannot see who sends as you.",
        `Add rua=mailto:dmarc-reports@${orgDomain}.`,
      ),
    );
  const unauthorizedDestinations = await checkDestinations(resolver, recordDomain, [...rua, ...ruf], findings);
  const transient = findings.some((f) => f.code === "dmarc.temperror");
  return done(transient ? "temperror" : findings.some((f) => f.severity === "critical") ? "fail" : "pass", [record], {
    source,
    recordDomain,
    policy,
    subdomainPolicy,
    nonexistentPolicy,
    effectivePolicy,
    pct,
    testing,
    strength,
    tags: Object.fromEntries(tags),
    rua,
    ruf,
    unauthorizedDestinations,
  });
}

function rank(policy: DmarcPolicy): number {
  return ["none", "quarantine", "reject"].indexOf(policy);
}

/** RFC 7489 §6.4: comma-separated URIs, each optionally followed by "!" size; we accept mailto: only. */
function uriList(value: string | undefined, tag: string, findings: Finding[]): string[] {
  if (value === undefined || value.trim() === "") return [];
  const out: string[] = [];
  for (const raw of value.split(",")) {
    const uri = raw.trim().replace(/!\d+[kmgt]?$/i, "");
    if (!/^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(uri)) {
      findings.push(
        finding(
          "warning",
          "dmarc.bad-uri",
          `${tag} entry "${raw.trim()}" is not a mailto: address.`,
          `Use ${tag}=mailto:reports@example.com.`,
        ),
      );
      continue;
    }
    out.push(uri.slice("mailto:".length).toLowerCase());
  }
  return out;
}

/** RFC 7489 §7.1: a destination outside the organizational domain must publish <domain>._report._dmarc.<dest>. */
async function checkDestinations(resolver: DnsResolver, recordDomain: string, addresses: string[], findings: Finding[]): Promise<string[]> {
  const org = organizationalDomain(recordDomain);
  const destinations = [...new Set(addresses.map((a) => a.slice(a.lastIndexOf("@") + 1)))].filter((d) => organizationalDomain(d) !== org);
  const unauthorized: string[] = [];
  for (const dest of destinations) {
    const name = `${recordDomain}._report._dmarc.${dest}`;
    const txt = await resolver.query(name, "TXT");
    if (txt.kind === "error") {
      findings.push(temperrorFinding("dmarc", name, txt));
      continue;
    }
    if (!txtStrings(txt).some((r) => /^v\s*=\s*DMARC1/.test(r))) {
      unauthorized.push(dest);
      findings.push(
        finding(
          "warning",
          "dmarc.external-unauthorized",
          `Reports go to ${dest}, which does not publish ${name}; receivers will not send them (RFC 7489 §7.1).`,
          `Ask the operator of ${dest} to publish "v=DMARC1" at ${name}.`,
        ),
      );
    }
  }
  return unauthorized;
}
