/**
 * A flattening proposal: every address the SPF tree authorizes, resolved now, packed into records
 * under 512 bytes chained by include:, so the published tree needs few DNS lookups. Macros and ptr
 * cannot be flattened and are reported as such; flattened records go stale when providers change IPs.
 */
import type { DnsResolver } from "../types.ts";
import { isSpfRecord, parseSpfRecord } from "./record.ts";

/** Keeps each record's TXT answer within the classic 512-byte UDP payload (RFC 7208 §3.4). */
export const SPF_FLATTEN_MAX_RECORD_BYTES = 450;
/** Stops resolving on pathological trees. */
const FLATTEN_MAX_DEPTH = 10;

export interface FlatteningProposal {
  addresses: string[];
  /** Terms that could not be flattened (macros, ptr, exists, broken includes). */
  unresolved: string[];
  records: { name: string; value: string }[];
  /** DNS-querying terms the proposed root record needs. */
  dnsLookups: number;
}

export async function proposeFlattening(domain: string, record: string, resolver: DnsResolver): Promise<FlatteningProposal> {
  const addresses = new Set<string>();
  const unresolved: string[] = [];
  const kept: string[] = [];
  let allQualifier = "-";
  const visit = async (name: string, text: string, depth: number, isRoot: boolean): Promise<void> => {
    const parsed = parseSpfRecord(text);
    if (!parsed.ok || depth > FLATTEN_MAX_DEPTH) {
      unresolved.push(`${name}: ${parsed.ok ? "too deep" : parsed.error}`);
      return;
    }
    for (const m of parsed.record.mechanisms) {
      if (m.kind === "all") {
        if (isRoot) allQualifier = m.qualifier;
        continue;
      }
      if (m.kind === "ip4" || m.kind === "ip6") {
        addresses.add(`${m.kind}:${m.address}${m.prefix === (m.kind === "ip4" ? 32 : 128) ? "" : `/${m.prefix}`}`);
        continue;
      }
      const spec = "domainSpec" in m && m.domainSpec !== undefined ? m.domainSpec : name;
      if (m.kind === "ptr" || m.kind === "exists" || spec.includes("%")) {
        // Evaluated per message: kept verbatim in the root record.
        unresolved.push(m.text);
        kept.push(m.text);
        continue;
      }
      if (m.kind === "include") {
        const txt = await resolver.query(spec, "TXT");
        const child = txt.kind === "answer" ? txt.records.map((r) => r.join("")).filter(isSpfRecord) : [];
        if (child.length === 1) await visit(spec, child[0] as string, depth + 1, false);
        else unresolved.push(m.text);
        continue;
      }
      if (m.kind !== "a" && m.kind !== "mx") continue;
      const hosts = m.kind === "a" ? [spec] : await mxHosts(resolver, spec);
      for (const host of hosts) {
        for (const [type, prefix, cidr] of [
          ["A", "ip4", m.cidr4],
          ["AAAA", "ip6", m.cidr6],
        ] as const) {
          const r = await resolver.query(host, type);
          if (r.kind === "answer")
            for (const ip of r.records) addresses.add(`${prefix}:${ip}${cidr === (prefix === "ip4" ? 32 : 128) ? "" : `/${cidr}`}`);
        }
      }
    }
    if (parsed.record.redirect !== undefined && !parsed.record.mechanisms.some((m) => m.kind === "all")) {
      const target = parsed.record.redirect;
      const txt = target.includes("%") ? undefined : await resolver.query(target, "TXT");
      const child = txt?.kind === "answer" ? txt.records.map((r) => r.join("")).filter(isSpfRecord) : [];
      if (child.length === 1) await visit(target, child[0] as string, depth + 1, isRoot);
      else unresolved.push(`redirect=${target}`);
    }
  };
  await visit(domain, record, 0, true);
  const sorted = [...addresses].sort();
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const term of sorted) {
    const candidate = `v=spf1 ${[...current, term].join(" ")} -all`;
    if (Buffer.byteLength(candidate) > SPF_FLATTEN_MAX_RECORD_BYTES && current.length > 0) {
      chunks.push(current);
      current = [];
    }
    current.push(term);
  }
  if (current.length > 0) chunks.push(current);
  const records = chunks.map((terms, i) => ({ name: `_spf${i + 1}.${domain}`, value: `v=spf1 ${terms.join(" ")} -all` }));
  const root = ["v=spf1", ...records.map((r) => `include:${r.name}`), ...kept, `${allQualifier}all`].join(" ");
  return { addresses: sorted, unresolved, records: [{ name: domain, value: root }, ...records], dnsLookups: records.length };
}

async function mxHosts(resolver: DnsResolver, name: string): Promise<string[]> {
  const r = await resolver.query(name, "MX");
  return r.kind === "answer" ? r.records.map((mx) => mx.exchange).filter((h) => h !== "" && h !== ".") : [];
}
