/**
 * Reverse DNS of a sending IP: PTR present, forward-confirmed (FCrDNS: the PTR name resolves back to
 * the IP), consistent with the HELO name and the SMTP banner host name. Large receivers reject or
 * throttle mail from IPs without FCrDNS (RFC 8499 §2 "forward-confirmed reverse DNS", M3AAWG practice).
 */
import ipaddr from "ipaddr.js";

import { finding, gradeOf, graded, statusOf, temperrorFinding } from "./findings.ts";
import { reverseName } from "./names.ts";
import type { CheckResultBase, DnsResolver, Finding } from "./types.ts";

/** PTR names that look assigned by an access provider rather than chosen for a mail server. */
const GENERIC_PTR =
  /(^|[.-])(dyn|dynamic|dhcp|dsl|adsl|cable|pool|ppp|client|customer|static-ip|broadband)[0-9.-]|\d+[-.]\d+[-.]\d+[-.]\d+/i;

export interface RdnsCheckResult extends CheckResultBase {
  check: "rdns";
  ip: string;
  ptrNames: string[];
  /** PTR names that resolve back to the IP. */
  confirmedNames: string[];
  fcrdns: boolean;
  /** The greeting host names compared with the PTR; absent in results stored before banners were compared. */
  banners?: BannerComparison[];
}

/** A host name an SMTP probe read from a server's greeting (RFC 5321 §4.3.1 `220 <domain>`) on this IP. */
export interface BannerObservation {
  hostname: string;
  /** The service port probed (25, 587, 465). */
  port?: number;
  /** The mail server (inventory host name) the probe was aimed at. */
  server?: string;
}

/** One distinct banner host name, where it was seen, and whether the PTR names it. */
export interface BannerComparison {
  hostname: string;
  ports: number[];
  servers: string[];
  matchesPtr: boolean;
}

export interface RdnsCheckOptions {
  expectedHelo?: string;
  /** Host name announced in the SMTP greeting (single value, e.g. from the CLI's `--banner`). */
  bannerHostname?: string;
  /** Greeting host names the SMTP probes saw on this IP, one per probed port. */
  banners?: BannerObservation[];
}

const bareName = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** Groups observations by host name (case-insensitive), so one finding covers every port that shows it. */
function compareBanners(observations: BannerObservation[], ptrNames: Set<string>): BannerComparison[] {
  const byName = new Map<string, { ports: Set<number>; servers: Set<string> }>();
  for (const o of observations) {
    const name = bareName(o.hostname);
    if (name === "") continue;
    const entry = byName.get(name) ?? { ports: new Set<number>(), servers: new Set<string>() };
    if (o.port !== undefined) entry.ports.add(o.port);
    if (o.server) entry.servers.add(o.server);
    byName.set(name, entry);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hostname, e]) => ({
      hostname,
      ports: [...e.ports].sort((a, b) => a - b),
      servers: [...e.servers].sort(),
      matchesPtr: ptrNames.has(hostname),
    }));
}

function bannerMismatch(ip: string, family: string, ptrNames: string[], preferred: string, b: BannerComparison): Finding {
  const where = b.ports.length > 0 ? ` seen on port ${b.ports.join(", ")}` : " seen in the SMTP greeting";
  const servers = b.servers.length > 0 ? ` of ${b.servers.join(", ")}` : "";
  return finding(
    "warning",
    "rdns.banner-mismatch",
    `PTR ${ptrNames.join(", ")} does not match the banner hostname ${b.hostname}${where}${servers}.`,
    // Postfix and Exim use one name for the greeting and for HELO when sending, so a mismatched banner
    // usually means a HELO that does not match the PTR either (receivers score that as spoofing).
    `Set the MTA's host name (Postfix myhostname, Exim primary_hostname) to ${preferred}, or change the PTR of ${ip} to ${b.hostname} and publish ${family} ${ip} for it.`,
  );
}

export async function checkRdns(ip: string, resolver: DnsResolver, opts: RdnsCheckOptions = {}): Promise<RdnsCheckResult> {
  const findings: Finding[] = [];
  const normalized = ipaddr.process(ip).toString();
  const family = normalized.includes(":") ? "AAAA" : "A";
  const observations = [...(opts.bannerHostname ? [{ hostname: opts.bannerHostname }] : []), ...(opts.banners ?? [])];
  const base = { check: "rdns" as const, ip: normalized };
  const name = reverseName(normalized);
  const ptr = await resolver.query(name, "PTR");
  if (ptr.kind === "error") {
    findings.push(temperrorFinding("rdns", name, ptr));
    return {
      ...base,
      status: "temperror",
      ...graded("temperror", findings),
      findings,
      records: [],
      ptrNames: [],
      confirmedNames: [],
      fcrdns: false,
      banners: compareBanners(observations, new Set()),
    };
  }
  const ptrNames = ptr.kind === "answer" ? ptr.records : [];
  if (ptrNames.length === 0) {
    findings.push(
      finding(
        "critical",
        "rdns.missing",
        `${normalized} has no PTR record; many receivers reject mail from such IPs.`,
        `Ask the owner of the IP range (your hosting provider) to set the PTR of ${normalized} to your mail host name, e.g. mail.example.com.`,
      ),
    );
    return {
      ...base,
      status: "fail",
      grade: gradeOf(findings),
      findings,
      records: [],
      ptrNames,
      confirmedNames: [],
      fcrdns: false,
      banners: compareBanners(observations, new Set()),
    };
  }
  if (ptrNames.length > 1)
    findings.push(
      finding(
        "warning",
        "rdns.multiple",
        `${normalized} has ${ptrNames.length} PTR records; receivers may pick any.`,
        "Keep one PTR record per sending IP.",
      ),
    );
  const confirmedNames: string[] = [];
  for (const host of ptrNames) {
    const fwd = await resolver.query(host, family);
    if (fwd.kind === "error") findings.push(temperrorFinding("rdns", host, fwd));
    if (fwd.kind === "answer" && fwd.records.some((a) => ipaddr.isValid(a) && ipaddr.process(a).toString() === normalized))
      confirmedNames.push(host);
  }
  const fcrdns = confirmedNames.length > 0;
  if (!fcrdns && !findings.some((f) => f.code === "rdns.temperror")) {
    findings.push(
      finding(
        "critical",
        "rdns.not-forward-confirmed",
        `PTR ${ptrNames.join(", ")} does not resolve back to ${normalized}.`,
        `Publish ${family} ${normalized} for ${ptrNames[0] ?? "the PTR name"}.`,
      ),
    );
  }
  if (ptrNames.some((n) => GENERIC_PTR.test(n)))
    findings.push(
      finding(
        "warning",
        "rdns.generic",
        `PTR ${ptrNames.join(", ")} looks like a generic access-network name.`,
        "Use a dedicated name such as mail.example.com; generic names are scored as residential.",
      ),
    );
  const names = new Set(ptrNames.map(bareName));
  if (opts.expectedHelo && !names.has(bareName(opts.expectedHelo))) {
    findings.push(
      finding(
        "warning",
        "rdns.helo-mismatch",
        `HELO ${opts.expectedHelo} differs from the PTR name ${ptrNames.join(", ")}.`,
        `Make the MTA announce "${confirmedNames[0] ?? ptrNames[0] ?? ""}" in HELO/EHLO, or change the PTR.`,
      ),
    );
  }
  const banners = compareBanners(observations, names);
  const preferred = confirmedNames[0] ?? ptrNames[0] ?? "the PTR name";
  for (const b of banners) if (!b.matchesPtr) findings.push(bannerMismatch(normalized, family, ptrNames, preferred, b));
  const transient = findings.some((f) => f.code === "rdns.temperror");
  const status = transient && !fcrdns ? "temperror" : statusOf(findings);
  return { ...base, status, ...graded(status, findings), findings, records: ptrNames, ptrNames, confirmedNames, fcrdns, banners };
}
