/** Adapts a DnsResolver to the egress guard's LookupAll, so HTTPS fetches resolve through the same resolver. */
import type { LookupAll } from "../net/egress-guard.ts";
import type { DnsResolver } from "./types.ts";

export function lookupAllVia(resolver: DnsResolver): LookupAll {
  return async (host) => {
    const [a, aaaa] = await Promise.all([resolver.query(host, "A"), resolver.query(host, "AAAA")]);
    const out = [
      ...(a.kind === "answer" ? a.records.map((address) => ({ address, family: 4 })) : []),
      ...(aaaa.kind === "answer" ? aaaa.records.map((address) => ({ address, family: 6 })) : []),
    ];
    if (out.length === 0) {
      const why = a.kind === "error" ? a.message : a.kind;
      throw Object.assign(new Error(`${host}: ${why}`), { code: a.kind === "error" ? "ETIMEOUT" : "ENOTFOUND" });
    }
    return out;
  };
}
