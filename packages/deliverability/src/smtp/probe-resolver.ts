/**
 * The probe engine's resolver shape (node:dns/promises errors) over the DNS package's stub resolver, so
 * an MX host's A/AAAA come from the same upstream (and, in tests, the same loopback DNS server) as the
 * MX set it was read from. The platform injects its configured resolver (DNS_SERVERS); without one, the
 * probe uses a stub resolver on the system's upstreams — never node:dns directly.
 */
import { createResolver } from "../dns/resolver.ts";
import { type DnsResolver, type LookupResult } from "../dns/types.ts";
import { type ProbeResolver } from "./resolve-target.ts";

/** node:dns error codes the engine understands: no data / no name are "not there", the rest temporary. */
function unwrap<T>(name: string, r: LookupResult): T[] {
  if (r.kind === "answer") return r.records as T[];
  const code = r.kind === "nxdomain" ? "ENOTFOUND" : r.kind === "nodata" ? "ENODATA" : r.error === "timeout" ? "ETIMEOUT" : "ESERVFAIL";
  throw Object.assign(new Error(`${name}: ${r.kind === "error" ? r.message : r.kind}`), { code });
}

export function probeResolverVia(resolver: DnsResolver): ProbeResolver {
  return {
    resolveMx: async (d) =>
      unwrap<{ preference: number; exchange: string }>(d, await resolver.query(d, "MX")).map((r) => ({
        exchange: r.exchange,
        priority: r.preference,
      })),
    resolve4: async (h) => unwrap<string>(h, await resolver.query(h, "A")),
    resolve6: async (h) => unwrap<string>(h, await resolver.query(h, "AAAA")),
  };
}

let fallback: ProbeResolver | undefined;
/** The resolver of a probe that brings none (the command line): the system's upstreams, one cache per process. */
export function defaultProbeResolver(): ProbeResolver {
  fallback ??= probeResolverVia(createResolver());
  return fallback;
}
