/**
 * The egress guard: every host or URL a user gives us is resolved once, every address is checked, and
 * the connection is made to the checked address (pinned), so a DNS answer that changes between check and
 * connect (DNS rebinding) cannot steer us into the private network or the cloud metadata service.
 *
 * Only globally routable unicast addresses pass. EGRESS_ALLOW (comma-separated CIDRs, e.g.
 * "127.0.0.0/8,::1/128") opens ranges for tests and self-hosting.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import net from "node:net";

import ipaddr from "ipaddr.js";

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface EgressPolicy {
  /** Ranges allowed even though they are not public unicast. */
  allow: Cidr[];
}

export type AddressVerdict = { allowed: true; address: string } | { allowed: false; address: string; reason: string };

export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;

export type ResolveOutcome =
  | { ok: true; addresses: string[] }
  | { ok: false; kind: "blocked_by_policy"; message: string; verdicts: AddressVerdict[] }
  | { ok: false; kind: "dns_failed"; message: string };

export function parseAllowlist(spec: string | undefined): Cidr[] {
  if (!spec) return [];
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((cidr) => {
      try {
        return cidr.includes("/") ? ipaddr.parseCIDR(cidr) : ([ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === "ipv4" ? 32 : 128] as Cidr);
      } catch {
        throw new Error(`EGRESS_ALLOW: "${cidr}" is not an IP address or CIDR range`);
      }
    });
}

export function policyFromEnv(env: Record<string, string | undefined> = process.env): EgressPolicy {
  return { allow: parseAllowlist(env.EGRESS_ALLOW) };
}

/** Checks one address. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
export function checkAddress(address: string, policy: EgressPolicy): AddressVerdict {
  if (!ipaddr.isValid(address)) return { allowed: false, address, reason: "not an IP address" };
  const ip = ipaddr.process(address);
  for (const [range, bits] of policy.allow) {
    if (range.kind() === ip.kind() && ip.match([range, bits] as never)) return { allowed: true, address: ip.toString() };
  }
  const range = ip.range();
  // ipaddr.js names every special-purpose block (private, loopback, linkLocal — which holds the
  // 169.254.169.254 metadata service —, carrierGradeNat, multicast, uniqueLocal, reserved, 6to4, teredo…);
  // only plain "unicast" is the public internet.
  if (range !== "unicast") return { allowed: false, address: ip.toString(), reason: `${range} address` };
  return { allowed: true, address: ip.toString() };
}

const systemLookupAll: LookupAll = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Resolves `host` once and returns only the addresses we may connect to. An IP literal is checked as is.
 * Refusal happens here, before any socket exists.
 */
export async function resolveAllowedAddresses(
  host: string,
  policy: EgressPolicy,
  lookupAll: LookupAll = systemLookupAll,
): Promise<ResolveOutcome> {
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (net.isIP(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = (await lookupAll(bare)).map((a) => a.address);
    } catch (err) {
      return { ok: false, kind: "dns_failed", message: `could not resolve ${bare}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
    if (addresses.length === 0) return { ok: false, kind: "dns_failed", message: `${bare} has no A/AAAA records` };
  }
  const verdicts = addresses.map((a) => checkAddress(a, policy));
  const allowed = verdicts.filter((v) => v.allowed).map((v) => v.address);
  if (allowed.length === 0) {
    const why = verdicts.map((v) => (v.allowed ? "" : `${v.address} (${v.reason})`)).filter(Boolean).join(", ");
    return { ok: false, kind: "blocked_by_policy", message: `refused to connect to ${bare}: ${why}`, verdicts };
  }
  return { ok: true, addresses: allowed };
}
