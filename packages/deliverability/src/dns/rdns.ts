/**
 * Reverse DNS of a sending IP: PTR present, forward-confirmed (FCrDNS: the PTR name resolves back to
 * the IP), consistent with the HELO name and the SMTP banner host name. Large receivers reject or
 * throttle mail from IPs without FCrDNS (RFC 8499 §2 "forward-confirmed reverse DNS", M3AAWG practice).
 */
import ipaddr from "ipaddr.js";

import { finding, gradeOf, statusOf, temperrorFinding } from "./findings.ts";
import { reverseName } from "./names.ts";
import type { CheckResultBase, DnsResolver, Finding } from "./types.ts";

/** PTR names that look assigned by an access provider rather than chosen for a mail server. */
const GENERIC_PTR = /(^|[.-])(dyn|dynamic|dhcp|dsl|adsl|cable|pool|ppp|client|customer|static-ip|broadband)[0-9.-]|\d+[-.]\d+[-.]\d+[-.]\d+/i;

export interface RdnsCheckResult extends CheckResultBase {
  check: "rdns";
  ip: string;
  ptrNames: string[];
  /** PTR names that resolve back to the IP. */
  confirmedNames: string[];
  fcrdns: boolean;
}

export interface RdnsCheckOptions {
  expectedHelo?: string;
  /** Host name announced in the SMTP greeting, as seen by the probes. */
  bannerHostname?: string;
}

export async function checkRdns(ip: string, resolver: DnsResolver, opts: RdnsCheckOptions = {}): Promise<RdnsCheckResult> {
  const findings: Finding[] = [];
  const normalized = ipaddr.process(ip).toString();
  const family = normalized.includes(":") ? "AAAA" : "A";
  const base = { check: "rdns" as const, ip: normalized };
  const name = reverseName(normalized);
  const ptr = await resolver.query(name, "PTR");
  if (ptr.kind === "error") {
    findings.push(temperrorFinding("rdns", name, ptr));
    return { ...base, status: "temperror", grade: gradeOf(findings), findings, records: [], ptrNames: [], confirmedNames: [], fcrdns: false };
  }
  const ptrNames = ptr.kind === "answer" ? ptr.records : [];
  if (ptrNames.length === 0) {
    findings.push(finding("critical", "rdns.missing", `${normalized} has no PTR record; many receivers reject mail from such IPs.`, `Ask the owner of the IP range (your hosting provider) to set the PTR of ${normalized} to your mail host name, e.g. mail.example.com.`));
    return { ...base, status: "fail", grade: gradeOf(findings), findings, records: [], ptrNames, confirmedNames: [], fcrdns: false };
  }
  if (ptrNames.length > 1) findings.push(finding("warning", "rdns.multiple", `${normalized} has ${ptrNames.length} PTR records; receivers may pick any.`, "Keep one PTR record per sending IP."));
  const confirmedNames: string[] = [];
  for (const host of ptrNames) {
    const fwd = await resolver.query(host, family);
    if (fwd.kind === "error") findings.push(temperrorFinding("rdns", host, fwd));
    if (fwd.kind === "answer" && fwd.records.some((a) => ipaddr.isValid(a) && ipaddr.process(a).toString() === normalized)) confirmedNames.push(host);
  }
  const fcrdns = confirmedNames.length > 0;
  if (!fcrdns && !findings.some((f) => f.code === "rdns.temperror")) {
    findings.push(finding("critical", "rdns.not-forward-confirmed", `PTR ${ptrNames.join(", ")} does not resolve back to ${normalized}.`, `Publish ${family} ${normalized} for ${ptrNames[0] ?? "the PTR name"}.`));
  }
  if (ptrNames.some((n) => GENERIC_PTR.test(n))) findings.push(finding("warning", "rdns.generic", `PTR ${ptrNames.join(", ")} looks like a generic access-network name.`, "Use a dedicated name such as mail.example.com; generic names are scored as residential."));
  const names = new Set(ptrNames.map((n) => n.toLowerCase()));
  if (opts.expectedHelo && !names.has(opts.expectedHelo.toLowerCase().replace(/\.$/, ""))) {
    findings.push(finding("warning", "rdns.helo-mismatch", `HELO ${opts.expectedHelo} differs from the PTR name ${ptrNames.join(", ")}.`, `Make the MTA announce "${confirmedNames[0] ?? ptrNames[0] ?? ""}" in HELO/EHLO, or change the PTR.`));
  }
  if (opts.bannerHostname && !names.has(opts.bannerHostname.toLowerCase().replace(/\.$/, ""))) {
    findings.push(finding("info", "rdns.banner-mismatch", `The SMTP banner names ${opts.bannerHostname}, the PTR says ${ptrNames.join(", ")}.`, "Set the MTA's host name (e.g. Postfix myhostname) to the PTR name."));
  }
  const transient = findings.some((f) => f.code === "rdns.temperror");
  return { ...base, status: transient && !fcrdns ? "temperror" : statusOf(findings), grade: gradeOf(findings), findings, records: ptrNames, ptrNames, confirmedNames, fcrdns };
}
