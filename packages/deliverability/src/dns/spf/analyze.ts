/**
 * The SPF health check of a domain (as opposed to check_host for one message): the record, its
 * include/redirect tree with DNS-querying term counts (RFC 7208 §4.6.4), void lookups, risky
 * qualifiers, check_host() for each registered sending IP, and a flattening proposal.
 */
import { finding, graded, statusOf, temperrorFinding, txtStrings } from "../findings.ts";
import type { CheckResultBase, CheckStatus, DnsResolver, Finding } from "../types.ts";
import { checkHost, type SpfResult, SPF_MAX_DNS_MECHANISMS, SPF_MAX_VOID_LOOKUPS } from "./check-host.ts";
import { proposeFlattening, type FlatteningProposal } from "./flatten.ts";
import { isSpfRecord, type Mechanism, parseSpfRecord, type SpfRecord } from "./record.ts";

/** Warn before the hard limit: one more include from a vendor tips the record over. */
export const SPF_LOOKUPS_WARN_AT = 9;
/** A record whose TXT answer nears the 512-byte classic UDP limit forces TCP for some receivers. */
export const SPF_RECORD_WARN_BYTES = 450;
/** Bounds the tree walk on pathological include chains (the evaluator's own limit is 10 anyway). */
const SPF_TREE_MAX_DEPTH = 12;

export interface SpfTreeNode {
  domain: string;
  /** How the node was reached: the root, an include: or a redirect=. */
  via: "root" | "include" | "redirect";
  record?: string;
  /** DNS-querying terms in this record alone (include, a, mx, ptr, exists, redirect). */
  lookups: number;
  children: SpfTreeNode[];
  error?: string;
}

export interface SpfCheckResult extends CheckResultBase {
  check: "spf";
  domain: string;
  record?: string;
  tree?: SpfTreeNode;
  /** DNS-querying terms in the whole tree; over 10 makes every evaluation permerror. */
  dnsLookups: number;
  voidLookups: number;
  evaluations: { ip: string; result: SpfResult; mechanism?: string; reason?: string }[];
  flattening?: FlatteningProposal;
}

export interface SpfCheckOptions {
  /** Registered sending IPs: check_host() runs for each. */
  ips?: string[];
  /**
   * False when `ips` are not the IPs linked to this domain but every IP of the organization (none is
   * linked): an IP that sends for another domain may then fail here without anything being wrong, and
   * the findings say so.
   */
  ipsLinked?: boolean;
}

interface WalkState {
  resolver: DnsResolver;
  findings: Finding[];
  voids: number;
  seen: Set<string>;
  hasTemperror: boolean;
}

export async function checkSpf(domain: string, resolver: DnsResolver, opts: SpfCheckOptions = {}): Promise<SpfCheckResult> {
  const findings: Finding[] = [];
  const base = { check: "spf" as const, domain, dnsLookups: 0, voidLookups: 0, evaluations: [] };
  const done = (status: CheckStatus, records: string[], extra: Partial<SpfCheckResult> = {}): SpfCheckResult => ({
    ...base,
    ...extra,
    status,
    ...graded(status, findings),
    findings,
    records,
  });

  const txt = await resolver.query(domain, "TXT");
  if (txt.kind === "error") {
    findings.push(temperrorFinding("spf", domain, txt));
    return done("temperror", []);
  }
  const all = txtStrings(txt);
  const spf = all.filter(isSpfRecord);
  if (spf.length === 0) {
    findings.push(
      finding(
        "critical",
        "spf.missing",
        `${domain} publishes no SPF record.`,
        `Publish a TXT record at ${domain} such as "v=spf1 mx -all", listing every service that sends mail as ${domain}.`,
      ),
    );
    return done("none", all);
  }
  if (spf.length > 1) {
    findings.push(
      finding(
        "critical",
        "spf.multiple-records",
        `${domain} publishes ${spf.length} SPF records; receivers return permerror (RFC 7208 §4.5).`,
        "Merge them into one v=spf1 record and delete the others.",
      ),
    );
    return done("permerror", spf);
  }
  const record = spf[0] as string;
  if (Buffer.byteLength(record) > SPF_RECORD_WARN_BYTES) {
    findings.push(
      finding(
        "warning",
        "spf.record-long",
        `The SPF record is ${Buffer.byteLength(record)} bytes; long answers may need TCP and some receivers fail them.`,
        "Replace long ip4:/ip6: lists by include: of sub-records, or remove unused entries.",
      ),
    );
  }
  const state: WalkState = { resolver, findings, voids: 0, seen: new Set(), hasTemperror: false };
  const tree = await walk(state, domain, record, "root", 0);
  const dnsLookups = countLookups(tree);
  if (tree.error) return done("permerror", spf, { record, tree, dnsLookups });

  if (dnsLookups > SPF_MAX_DNS_MECHANISMS) {
    findings.push(
      finding(
        "critical",
        "spf.too-many-lookups",
        `The SPF tree needs ${dnsLookups} DNS-querying terms; the limit is ${SPF_MAX_DNS_MECHANISMS}, so receivers return permerror (RFC 7208 §4.6.4).`,
        "Remove unused include:s, replace a/mx by ip4:/ip6:, or use the flattening proposal.",
      ),
    );
  } else if (dnsLookups >= SPF_LOOKUPS_WARN_AT) {
    findings.push(
      finding(
        "warning",
        "spf.near-lookup-limit",
        `The SPF tree needs ${dnsLookups} of ${SPF_MAX_DNS_MECHANISMS} allowed DNS-querying terms.`,
        "Leave headroom: one more vendor include would break SPF. Consider flattening.",
      ),
    );
  }
  if (state.voids > SPF_MAX_VOID_LOOKUPS) {
    findings.push(
      finding(
        "critical",
        "spf.too-many-void-lookups",
        `${state.voids} terms point at names with no records; more than ${SPF_MAX_VOID_LOOKUPS} makes SPF permerror (RFC 7208 §4.6.4).`,
        "Remove a:, mx: and include: terms whose names no longer exist.",
      ),
    );
  }
  const parsed = parseSpfRecord(record);
  if (parsed.ok) qualifierFindings(parsed.record, findings, domain);

  const evaluations = [];
  const orgWide = opts.ipsLinked === false && (opts.ips ?? []).length > 0;
  if (orgWide) {
    findings.push(
      finding(
        "info",
        "spf.ips-not-linked",
        `No sending IPs are linked to ${domain}: SPF was evaluated against all ${(opts.ips ?? []).length} of the organization's IPs, including any that send for other domains.`,
        `Link the IPs that send for ${domain} (on each IP's page) so SPF is graded against them only.`,
      ),
    );
  }
  for (const ip of opts.ips ?? []) {
    const r = await checkHost({ ip, domain, sender: `postmaster@${domain}`, helo: domain }, resolver);
    evaluations.push({
      ip,
      result: r.result,
      ...(r.mechanism ? { mechanism: r.mechanism } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
    });
    if (r.result !== "pass") {
      findings.push(
        finding(
          r.result === "temperror" ? "warning" : "critical",
          "spf.ip-not-authorized",
          `Sending IP ${ip} gets SPF ${r.result} for ${domain}${r.mechanism ? ` (${r.mechanism})` : ""}${orgWide ? "; it is one of the organization's IPs, none of which is linked to this domain" : ""}.`,
          `Add ip${ip.includes(":") ? "6" : "4"}:${ip} (or the include: of the service using it) to the SPF record.${orgWide ? ` If ${ip} does not send for ${domain}, link the IPs that do instead.` : ""}`,
        ),
      );
    }
  }
  const flattening = await proposeFlattening(domain, record, resolver);
  const status: CheckStatus = state.hasTemperror
    ? "temperror"
    : dnsLookups > SPF_MAX_DNS_MECHANISMS || state.voids > SPF_MAX_VOID_LOOKUPS
      ? "permerror"
      : statusOf(findings);
  return done(status, spf, { record, tree, dnsLookups, voidLookups: state.voids, evaluations, flattening });
}

function qualifierFindings(record: SpfRecord, findings: Finding[], domain: string): void {
  const all = record.mechanisms.find((m) => m.kind === "all");
  if (all?.qualifier === "+") {
    findings.push(
      finding(
        "critical",
        "spf.pass-all",
        `"+all" authorizes every host on the internet to send as ${domain}.`,
        'End the record with "-all" (or "~all" while you roll out).',
      ),
    );
  } else if (all?.qualifier === "?") {
    findings.push(
      finding("warning", "spf.neutral-all", '"?all" makes SPF say nothing about unlisted hosts.', 'End the record with "-all" or "~all".'),
    );
  } else if (!all && record.redirect === undefined) {
    findings.push(
      finding(
        "warning",
        "spf.no-all",
        "The record has no all mechanism, so unlisted hosts get neutral.",
        'End the record with "-all" or "~all".',
      ),
    );
  } else if (all?.qualifier === "~") {
    findings.push(
      finding(
        "info",
        "spf.softfail-all",
        '"~all" asks receivers to accept but mark unlisted hosts.',
        'Once every sender is listed and DMARC reports are clean, switch to "-all".',
      ),
    );
  }
  if (record.mechanisms.some((m) => m.kind === "ptr")) {
    findings.push(
      finding(
        "warning",
        "spf.ptr",
        'The "ptr" mechanism is slow and unreliable; RFC 7208 §5.5 says it SHOULD NOT be used.',
        "Replace ptr by the ip4:/ip6: ranges of your servers.",
      ),
    );
  }
  if (/%\{/.test([...record.mechanisms.map((m) => m.text), record.redirect ?? ""].join(" "))) {
    findings.push(
      finding(
        "info",
        "spf.macros",
        "The record uses macros; they are evaluated per message and cannot be flattened.",
        "No change needed if intended.",
      ),
    );
  }
}

function lookupTerms(record: SpfRecord): number {
  const own = record.mechanisms.filter((m) => ["include", "a", "mx", "ptr", "exists"].includes(m.kind)).length;
  const redirect = record.redirect !== undefined && !record.mechanisms.some((m) => m.kind === "all") ? 1 : 0;
  return own + redirect;
}

function countLookups(node: SpfTreeNode): number {
  return node.lookups + node.children.reduce((n, c) => n + countLookups(c), 0);
}

async function walk(state: WalkState, domain: string, record: string, via: SpfTreeNode["via"], depth: number): Promise<SpfTreeNode> {
  const parsed = parseSpfRecord(record);
  if (!parsed.ok) {
    state.findings.push(
      finding(
        "critical",
        "spf.syntax",
        `SPF record at ${domain} is invalid: ${parsed.error}.`,
        "Fix the syntax (RFC 7208 §12); receivers return permerror for the whole record.",
      ),
    );
    return { domain, via, record, lookups: 0, children: [], error: parsed.error };
  }
  const node: SpfTreeNode = { domain, via, record, lookups: lookupTerms(parsed.record), children: [] };
  state.seen.add(domain.toLowerCase());
  for (const m of parsed.record.mechanisms) await countVoid(state, m, domain);
  const targets: { target: string; via: "include" | "redirect" }[] = parsed.record.mechanisms.flatMap((m) =>
    m.kind === "include" ? [{ target: m.domainSpec, via: "include" as const }] : [],
  );
  if (parsed.record.redirect !== undefined && !parsed.record.mechanisms.some((m) => m.kind === "all"))
    targets.push({ target: parsed.record.redirect, via: "redirect" });
  for (const { target, via: childVia } of targets) {
    if (target.includes("%")) continue;
    const name = target.replace(/\.$/, "").toLowerCase();
    if (state.seen.has(name) || depth >= SPF_TREE_MAX_DEPTH) {
      state.findings.push(
        finding(
          "critical",
          "spf.include-loop",
          `${childVia}:${name} from ${domain} loops back into the tree.`,
          "Remove the circular include/redirect.",
        ),
      );
      node.children.push({ domain: name, via: childVia, lookups: 0, children: [], error: "loop" });
      node.error ??= "loop";
      continue;
    }
    const txt = await state.resolver.query(name, "TXT");
    if (txt.kind === "error") {
      state.hasTemperror = true;
      state.findings.push(temperrorFinding("spf", name, txt));
      node.children.push({ domain: name, via: childVia, lookups: 0, children: [], error: txt.message });
      continue;
    }
    const childRecords = txtStrings(txt).filter(isSpfRecord);
    if (childRecords.length !== 1) {
      if (txt.kind !== "answer") state.voids++;
      const problem = childRecords.length === 0 ? "has no SPF record" : "has several SPF records";
      state.findings.push(
        finding(
          "critical",
          "spf.include-broken",
          `${childVia}:${name} ${problem}; receivers return permerror.`,
          `Remove the ${childVia} or ask the provider of ${name} for the current one.`,
        ),
      );
      node.children.push({ domain: name, via: childVia, lookups: 0, children: [], error: problem });
      node.error ??= problem;
      continue;
    }
    const child = await walk(state, name, childRecords[0] as string, childVia, depth + 1);
    node.children.push(child);
    if (child.error) node.error ??= child.error;
  }
  return node;
}

/** Counts void answers for a:, mx: and exists: targets without macros (they are evaluated per message). */
async function countVoid(state: WalkState, m: Mechanism, domain: string): Promise<void> {
  if (m.kind !== "a" && m.kind !== "mx" && m.kind !== "exists") return;
  const target = (m.kind === "exists" ? m.domainSpec : (m.domainSpec ?? domain)).replace(/\.$/, "");
  if (target.includes("%")) return;
  if (m.kind === "exists") return;
  const type = m.kind === "mx" ? "MX" : "A";
  const result = await state.resolver.query(target, type);
  if (
    result.kind === "nxdomain" ||
    (result.kind === "nodata" && (m.kind === "mx" || (await state.resolver.query(target, "AAAA")).kind !== "answer"))
  ) {
    state.voids++;
    state.findings.push(
      finding(
        "warning",
        "spf.void-term",
        `${m.text} in the record of ${domain} points at ${target}, which has no ${type === "MX" ? "MX" : "address"} records.`,
        `Remove ${m.text} or publish the missing records.`,
      ),
    );
  }
}
