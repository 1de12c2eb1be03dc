/**
 * The whole picture for a sending domain or IP: every check, a grade each, and the worst finding.
 * Checks run concurrently up to `concurrency` (1 = serially, for comparison in the benchmark).
 * A check that could not run (grade null) is left out of the overall grade; if none ran, the overall
 * grade is null too. For a domain, at least one of the core checks (DOMAIN_CORE_CHECKS) must have run:
 * an absent optional record (BIMI, MTA-STS: "none", graded A) alone must not vouch for a domain whose
 * MX, SPF, DKIM and DMARC could not be looked up.
 */
import { checkBimi, type BimiCheckResult } from "./bimi.ts";
import { checkDkim, type DkimCheckResult } from "./dkim.ts";
import { checkDmarc, type DmarcCheckResult } from "./dmarc.ts";
import { checkDnsbl, type DnsblCheckOptions, type DnsblCheckResult } from "./dnsbl/index.ts";
import { gradeOf, worstFinding } from "./findings.ts";
import { checkMtaSts, type MtaStsCheckResult } from "./mta-sts.ts";
import { checkMx, type MxCheckResult } from "./mx.ts";
import { type BannerObservation, checkRdns, type RdnsCheckResult } from "./rdns.ts";
import { checkSpf, type SpfCheckResult } from "./spf/index.ts";
import { checkTlsRpt, type TlsRptCheckResult } from "./tls-rpt.ts";
import type { HttpsFetcher } from "../net/pinned-https.ts";
import type { CheckResultBase, DnsResolver, Finding, Grade, MaybeGrade } from "./types.ts";

export interface DomainChecks {
  mx: MxCheckResult;
  spf: SpfCheckResult;
  dkim: DkimCheckResult;
  dmarc: DmarcCheckResult;
  bimi: BimiCheckResult;
  mtaSts?: MtaStsCheckResult;
  tlsRpt: TlsRptCheckResult;
  dnsbl?: DnsblCheckResult;
}

export interface DomainCheckResult {
  kind: "domain";
  domain: string;
  checkedAt: string;
  grade: MaybeGrade;
  grades: Record<string, MaybeGrade>;
  /** Checks that could not run (grade null), in check order; empty when every check ran. */
  unknownChecks: string[];
  worst?: Finding;
  checks: DomainChecks;
}

export interface DomainCheckOptions {
  dkimSelectors?: string[];
  discoverDkim?: boolean;
  /** Sending IPs to evaluate SPF for. */
  ips?: string[];
  /** False when `ips` are not the domain's own but every IP of the organization (see `SpfCheckOptions`). */
  ipsLinked?: boolean;
  /** MTA-STS policy fetcher; without one the MTA-STS check is skipped. */
  fetcher?: HttpsFetcher;
  /** Domain blocklists; false skips them. */
  dnsbl?: DnsblCheckOptions | false;
  bimiSelector?: string;
  /** How many checks run at once (default all); 1 runs them one after another. */
  concurrency?: number;
  now?: () => Date;
}

/** Runs thunks with at most `limit` in flight. */
async function runLimited<T>(thunks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(thunks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, thunks.length)) }, async () => {
      while (next < thunks.length) {
        const i = next++;
        results[i] = await (thunks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

export async function checkDomain(domain: string, resolver: DnsResolver, opts: DomainCheckOptions = {}): Promise<DomainCheckResult> {
  const name = domain.toLowerCase().replace(/\.$/, "");
  const limit = opts.concurrency ?? Number.POSITIVE_INFINITY;
  const dnsblOpts = opts.dnsbl === false ? undefined : { ...(opts.dnsbl ?? {}), ...(limit === 1 ? { concurrency: 1 } : {}) };
  const [mx, spf, dkim, dmarc, tlsRpt, dnsbl] = (await runLimited<unknown>(
    [
      () => checkMx(name, resolver),
      () => checkSpf(name, resolver, { ips: opts.ips ?? [], ...(opts.ipsLinked === false ? { ipsLinked: false } : {}) }),
      () =>
        checkDkim(name, resolver, {
          ...(opts.dkimSelectors ? { selectors: opts.dkimSelectors } : {}),
          ...(opts.discoverDkim === false ? { discover: false } : {}),
        }),
      () => checkDmarc(name, resolver),
      () => checkTlsRpt(name, resolver, {}),
      () => (dnsblOpts ? checkDnsbl(name, resolver, dnsblOpts) : Promise.resolve(undefined)),
    ],
    limit,
  )) as [MxCheckResult, SpfCheckResult, DkimCheckResult, DmarcCheckResult, TlsRptCheckResult, DnsblCheckResult | undefined];
  // BIMI needs the DMARC verdict and MTA-STS the MX hosts: they run after.
  const [bimi, mtaSts] = await Promise.all([
    checkBimi(name, resolver, { dmarc, ...(opts.bimiSelector ? { selector: opts.bimiSelector } : {}) }),
    opts.fetcher
      ? checkMtaSts(name, resolver, { fetcher: opts.fetcher, mxHosts: mx.hosts.map((h) => h.exchange) })
      : Promise.resolve(undefined),
  ]);
  if (mtaSts && mtaSts.status !== "none" && tlsRpt.status === "none") {
    for (const f of tlsRpt.findings) if (f.code === "tls-rpt.missing") f.severity = "warning";
    tlsRpt.grade = gradeOf(tlsRpt.findings);
  }
  const checks: DomainChecks = { mx, spf, dkim, dmarc, bimi, tlsRpt, ...(mtaSts ? { mtaSts } : {}), ...(dnsbl ? { dnsbl } : {}) };
  return summarize(
    { kind: "domain" as const, domain: name, checkedAt: (opts.now?.() ?? new Date()).toISOString(), checks },
    DOMAIN_CORE_CHECKS,
  );
}

export interface IpCheckResult {
  kind: "ip";
  ip: string;
  checkedAt: string;
  grade: MaybeGrade;
  grades: Record<string, MaybeGrade>;
  /** Checks that could not run (grade null), in check order; empty when every check ran. */
  unknownChecks: string[];
  worst?: Finding;
  checks: { rdns: RdnsCheckResult; dnsbl: DnsblCheckResult };
}

export interface IpCheckOptions {
  expectedHelo?: string;
  bannerHostname?: string;
  /** Greeting host names the SMTP probes saw on this IP (see `checkRdns`). */
  banners?: BannerObservation[];
  dnsbl?: DnsblCheckOptions;
  now?: () => Date;
}

export async function checkIp(ip: string, resolver: DnsResolver, opts: IpCheckOptions = {}): Promise<IpCheckResult> {
  const [rdns, dnsbl] = await Promise.all([
    checkRdns(ip, resolver, {
      ...(opts.expectedHelo ? { expectedHelo: opts.expectedHelo } : {}),
      ...(opts.bannerHostname ? { bannerHostname: opts.bannerHostname } : {}),
      ...(opts.banners ? { banners: opts.banners } : {}),
    }),
    checkDnsbl(ip, resolver, opts.dnsbl ?? {}),
  ]);
  return summarize({ kind: "ip" as const, ip: rdns.ip, checkedAt: (opts.now?.() ?? new Date()).toISOString(), checks: { rdns, dnsbl } });
}

const GRADE_ORDER: Grade[] = ["A", "B", "C", "D", "F"];

/** The checks that say whether a domain's mail authenticates and can be delivered to. */
export const DOMAIN_CORE_CHECKS: readonly string[] = ["mx", "spf", "dkim", "dmarc"];

/** The checks a domain or IP result holds, by key, in their stored order (absent optional checks left out). */
export function checkEntries(result: { checks: object }): [string, CheckResultBase][] {
  return checkMap(result).filter((e): e is [string, CheckResultBase] => e[1] !== undefined);
}

/** The checks by key, for lookups across two results (diff). */
export function checkRecord(result: { checks: object }): Record<string, CheckResultBase | undefined> {
  return Object.fromEntries(checkMap(result));
}

function checkMap(result: { checks: object }): [string, CheckResultBase | undefined][] {
  // Every value of `checks` is a CheckResultBase (the per-check interfaces extend it); `object` keeps the
  // call open to both result kinds without an index signature on their `checks` types.
  return Object.entries(result.checks as Record<string, CheckResultBase | undefined>);
}

function summarize<T extends { checks: object }>(
  partial: T,
  core?: readonly string[],
): T & { grade: MaybeGrade; grades: Record<string, MaybeGrade>; unknownChecks: string[]; worst?: Finding } {
  const entries = Object.entries(partial.checks as Record<string, { grade: MaybeGrade; findings: Finding[] } | undefined>).filter(
    (e): e is [string, { grade: MaybeGrade; findings: Finding[] }] => e[1] !== undefined,
  );
  const grades = Object.fromEntries(entries.map(([k, v]) => [k, v.grade]));
  const ran = entries.flatMap(([, v]) => (v.grade === null ? [] : [v.grade]));
  const coreRan = core === undefined || entries.some(([k, v]) => core.includes(k) && v.grade !== null);
  const grade =
    ran.length === 0 || !coreRan
      ? null
      : ran.reduce<Grade>((worst, g) => (GRADE_ORDER.indexOf(g) > GRADE_ORDER.indexOf(worst) ? g : worst), "A");
  const unknownChecks = entries.filter(([, v]) => v.grade === null).map(([k]) => k);
  const worst = worstFinding(entries.flatMap(([, v]) => v.findings));
  return { ...partial, grade, grades, unknownChecks, ...(worst ? { worst } : {}) };
}
