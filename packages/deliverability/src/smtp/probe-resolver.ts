/**
 * The probe engine's resolver shape (node:dns/promises errors) over the DNS package's stub resolver, so
 * an MX host's A/AAAA come from the same upstream (and, in tests, the same loopback DNS server) as the
 * MX set it was read from.
 */
import { type DnsResolver, type LookupResult } from "@inboxwatch/deliverability/dns";
import { type ProbeResolver } from "@inboxwatch/deliverability/smtp";

/** node:dns error codes the engine understands: no data / no name are "not there", the rest temporary. */
function unwrap<T>(name: string, r: LookupResult): T[] {
  if (r.kind === "answer") return r.records as T[];
  const code = r.kind === "nxdomain" ? "ENOTFOUND" : r.kind === "nodata" ? "ENODATA" : r.error === "timeout" ? "ETIMEOUT" : "ESERVFAIL";
  throw Object.assign(new Error(`${name}: ${r.kind === "error" ? r.message : r.kind}`), { code });
}

export function probeResolverVia(resolver: DnsResolver): ProbeResolver {
  return {
    resolveMx: async (d) => unwrap<{ preference: number; exchange: string }>(d, await resolver.query(d, "MX")).map((r) => ({ exchange: r.exchange, priority: r.preference })),
    resolve4: async (h) => unwrap<string>(h, await resolver.query(h, "A")),
    resolve6: async (h) => unwrap<string>(h, await resolver.query(h, "AAAA")),
  };
}
