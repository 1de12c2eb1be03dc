/**
 * MTA-STS (RFC 8461): the `_mta-sts` TXT record (v=STSv1; id=…), the policy at
 * https://mta-sts.<domain>/.well-known/mta-sts.txt fetched through an injected pinned fetcher
 * (egress guard, 64 KiB, no redirects, 10 s), its mode and max_age, and coverage of every MX host.
 */
import { finding, gradeOf, graded, parseTags, statusOf, temperrorFinding, txtStrings } from "./findings.ts";
import type { HttpsFetcher } from "../net/pinned-https.ts";
import type { CheckResultBase, DnsResolver, Finding } from "./types.ts";

/** RFC 8461 §3.2: max_age is at most 31557600 s (one year). */
export const MTA_STS_MAX_AGE_LIMIT_S = 31_557_600;
/** Shorter than a day makes the policy useless against downgrade attacks between fetches (§10.2). */
export const MTA_STS_MAX_AGE_WARN_S = 86_400;

export interface MtaStsPolicy {
  version?: string;
  mode?: string;
  mx: string[];
  maxAge?: number;
}

export interface MtaStsCheckResult extends CheckResultBase {
  check: "mta-sts";
  domain: string;
  id?: string;
  policy?: MtaStsPolicy;
  uncoveredMx: string[];
}

export interface MtaStsCheckOptions {
  fetcher: HttpsFetcher;
  /** MX host names to check coverage for; looked up when not given. */
  mxHosts?: string[];
}

export function parseMtaStsPolicy(body: string): { policy: MtaStsPolicy; errors: string[] } {
  const policy: MtaStsPolicy = { mx: [] };
  const errors: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const m = /^([a-zA-Z0-9_]+):\s*(.*?)\s*$/.exec(line);
    if (!m) {
      errors.push(`bad policy line "${line}"`);
      continue;
    }
    const [, key = "", value = ""] = m;
    if (key === "version") policy.version = value;
    else if (key === "mode") policy.mode = value;
    else if (key === "mx") policy.mx.push(value.toLowerCase());
    else if (key === "max_age") policy.maxAge = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  }
  return { policy, errors };
}

/** §4.1: "*.example.com" matches exactly one extra leftmost label. */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const p = pattern.toLowerCase().replace(/\.$/, "");
  if (p.startsWith("*.")) {
    const suffix = p.slice(1);
    return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes(".") && h.length > suffix.length;
  }
  return h === p;
}

export async function checkMtaSts(domain: string, resolver: DnsResolver, opts: MtaStsCheckOptions): Promise<MtaStsCheckResult> {
  const findings: Finding[] = [];
  const base = { check: "mta-sts" as const, domain, uncoveredMx: [] as string[] };
  const name = `_mta-sts.${domain}`;
  const txt = await resolver.query(name, "TXT");
  if (txt.kind === "error") {
    findings.push(temperrorFinding("mta-sts", name, txt));
    return { ...base, status: "temperror", ...graded("temperror", findings), findings, records: [] };
  }
  const records = txtStrings(txt).filter((r) => /^v=STSv1\s*(;|$)/.test(r));
  if (records.length === 0) {
    findings.push(
      finding(
        "info",
        "mta-sts.missing",
        `No MTA-STS record at ${name}: senders may deliver to you without TLS if an attacker strips STARTTLS.`,
        `Publish "v=STSv1; id=20240101" at ${name} and a policy at https://mta-sts.${domain}/.well-known/mta-sts.txt.`,
      ),
    );
    return { ...base, status: "none", grade: gradeOf(findings), findings, records: [] };
  }
  if (records.length > 1) {
    findings.push(
      finding(
        "critical",
        "mta-sts.multiple-records",
        `${name} has ${records.length} STSv1 records; senders ignore MTA-STS (RFC 8461 §3.1).`,
        "Keep one v=STSv1 record.",
      ),
    );
    return { ...base, status: "fail", grade: gradeOf(findings), findings, records };
  }
  const id = parseTags(records[0] as string).tags.get("id");
  if (!id || !/^[A-Za-z0-9]{1,32}$/.test(id))
    findings.push(
      finding(
        "critical",
        "mta-sts.bad-id",
        `id=${id ?? "(missing)"} must be 1–32 letters or digits (RFC 8461 §3.1).`,
        "Set id= to a new value such as the date (20240101) each time the policy changes.",
      ),
    );
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const fetched = await opts.fetcher(url);
  if (!fetched.ok || fetched.status !== 200) {
    const why = fetched.ok ? `HTTP ${fetched.status}` : fetched.message;
    findings.push(
      finding(
        "critical",
        "mta-sts.policy-unavailable",
        `The policy at ${url} could not be fetched: ${why}.`,
        `Serve the policy at ${url} over HTTPS with a valid certificate for mta-sts.${domain}, status 200, no redirects.`,
      ),
    );
    return { ...base, ...(id ? { id } : {}), status: "fail", grade: gradeOf(findings), findings, records };
  }
  if (!/^text\/plain/i.test(fetched.contentType))
    findings.push(
      finding(
        "warning",
        "mta-sts.content-type",
        `The policy is served as "${fetched.contentType}", RFC 8461 §3.2 requires text/plain.`,
        "Serve mta-sts.txt with Content-Type: text/plain.",
      ),
    );
  const { policy, errors } = parseMtaStsPolicy(fetched.body);
  for (const e of errors)
    findings.push(finding("warning", "mta-sts.policy-syntax", `Policy: ${e}.`, "Use key: value lines (RFC 8461 §3.2)."));
  if (policy.version !== "STSv1")
    findings.push(
      finding(
        "critical",
        "mta-sts.bad-version",
        `Policy version is "${policy.version ?? "(missing)"}", expected STSv1.`,
        'Start the policy with "version: STSv1".',
      ),
    );
  if (policy.mode === "testing")
    findings.push(
      finding(
        "warning",
        "mta-sts.testing",
        "mode: testing — failures are only reported, not enforced.",
        "Switch to mode: enforce once TLS-RPT reports are clean.",
      ),
    );
  else if (policy.mode === "none")
    findings.push(
      finding("warning", "mta-sts.mode-none", "mode: none — the policy is withdrawn.", "Use mode: enforce (or testing while rolling out)."),
    );
  else if (policy.mode !== "enforce")
    findings.push(
      finding(
        "critical",
        "mta-sts.bad-mode",
        `mode "${policy.mode ?? "(missing)"}" is not enforce, testing or none.`,
        "Set mode: enforce.",
      ),
    );
  if (policy.maxAge === undefined || Number.isNaN(policy.maxAge) || policy.maxAge > MTA_STS_MAX_AGE_LIMIT_S)
    findings.push(
      finding(
        "critical",
        "mta-sts.bad-max-age",
        "max_age is missing or out of range (0–31557600).",
        "Set max_age: 604800 (one week) or more.",
      ),
    );
  else if (policy.maxAge < MTA_STS_MAX_AGE_WARN_S)
    findings.push(
      finding(
        "warning",
        "mta-sts.short-max-age",
        `max_age ${policy.maxAge}s is under a day; RFC 8461 §10.2 recommends weeks.`,
        "Set max_age: 604800 or more.",
      ),
    );
  let mxHosts = opts.mxHosts;
  if (!mxHosts) {
    const mx = await resolver.query(domain, "MX");
    mxHosts = mx.kind === "answer" ? mx.records.map((r) => r.exchange).filter((h) => h !== "" && h !== ".") : [];
  }
  const uncoveredMx = mxHosts.filter((h) => !policy.mx.some((p) => mxMatchesPattern(h, p)));
  for (const host of uncoveredMx)
    findings.push(
      finding(
        "critical",
        "mta-sts.mx-not-covered",
        `MX ${host} matches no mx: line of the policy; enforcing senders will not deliver to it.`,
        `Add "mx: ${host}" (or a matching *. pattern) to the policy and bump the id.`,
      ),
    );
  return {
    ...base,
    ...(id ? { id } : {}),
    policy,
    uncoveredMx,
    status: statusOf(findings),
    grade: gradeOf(findings),
    findings,
    records: [...records, fetched.body],
  };
}
