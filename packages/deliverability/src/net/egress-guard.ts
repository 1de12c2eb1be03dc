/**
 * The egress guard: every host or URL a user gives us is resolved once, every address is checked, and
 * the connection is made to the checked address (pinned), so a DNS answer that changes between check and
 * connect (DNS rebinding) cannot steer us into the private network or the cloud metadata service.
 *
 * Only globally routable unicast addresses pass (address-ranges.ts): public IPv4, and IPv6 inside
 * 2000::/3 that embeds no IPv4 address. Host strings are read the way a dialer reads them (ip-literal.ts),
 * so "127.1", "2130706433" or "[::7f00:1]" are judged as the addresses they reach. EGRESS_ALLOW
 * (comma-separated CIDRs, e.g. "127.0.0.0/8,::1/128") opens ranges for tests and self-hosting; an IPv4
 * range never opens an IPv6 address that embeds it.
 */
import { egressEnv } from "@inboxwatch/env";
import ipaddr from "ipaddr.js";

import { refusedIpv4Reason, refusedIpv6Reason } from "./address-ranges.ts";
import { type IpLiteral, ipv4ToString, parseIpLiteral } from "./ip-literal.ts";

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

/** An IP literal as ipaddr.js objects, IPv4-mapped IPv6 unwrapped; parsed by ip-literal.ts (see there why not ipaddr.parse). */
function toIp(literal: IpLiteral): ipaddr.IPv4 | ipaddr.IPv6 {
  if (literal.family === 4) return ipaddr.IPv4.parse(ipv4ToString(literal.value));
  const v6 = new ipaddr.IPv6(literal.words);
  if (literal.zone !== null) v6.zoneId = literal.zone;
  // ::ffff:a.b.c.d is how dual-stack sockets show IPv4 peers: it reaches a.b.c.d, so it is judged as that.
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

function show(ip: ipaddr.IPv4 | ipaddr.IPv6): string {
  return ip.kind() === "ipv6" ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString();
}

export function parseAllowlist(spec: string | undefined): Cidr[] {
  if (!spec) return [];
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((cidr): Cidr => {
      const [text = "", bitsText] = cidr.split("/");
      const literal = parseIpLiteral(text);
      const ip = literal ? toIp(literal) : null;
      const max = ip?.kind() === "ipv4" ? 32 : 128;
      const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
      // An IPv4-mapped range ("::ffff:10.0.0.0/104") would need its prefix re-based onto IPv4: write the IPv4 range instead.
      if (!ip || !(bits >= 0 && bits <= max) || (literal?.family === 6 && ip.kind() === "ipv4" && bitsText !== undefined)) {
        throw new Error(`EGRESS_ALLOW: "${cidr}" is not an IP address or CIDR range`);
      }
      return [ip, bits];
    });
}

/** EGRESS_ALLOW as a policy; the CLI hands in its own environment, everything else reads the process's. */
export function policyFromEnv(env: Record<string, string | undefined> = egressEnv.read()): EgressPolicy {
  return { allow: parseAllowlist(env.EGRESS_ALLOW) };
}

/**
 * Checks one address, in any form a dialer would accept (ip-literal.ts). IPv4-mapped IPv6
 * (::ffff:10.0.0.1) is judged as the IPv4 address it carries; every other IPv6 form is judged as IPv6,
 * so an allowlisted 127.0.0.0/8 never opens ::7f00:1 — only an allowlisted IPv6 range covering it does.
 * The verdict's `address` is the canonical form, which is what callers dial.
 */
export function checkAddress(address: string, policy: EgressPolicy): AddressVerdict {
  const literal = parseIpLiteral(address);
  if (!literal) return { allowed: false, address, reason: "not an IP address" };
  const ip = toIp(literal);
  const canonical = show(ip);
  for (const [range, bits] of policy.allow) {
    if (range.kind() === ip.kind() && ip.match([range, bits] as never)) return { allowed: true, address: canonical };
  }
  const refused = ip.kind() === "ipv4" ? refusedIpv4Reason(ip as ipaddr.IPv4) : refusedIpv6Reason(ip as ipaddr.IPv6);
  if (refused !== null) return { allowed: false, address: canonical, reason: refused };
  return { allowed: true, address: canonical };
}

/** A refusal in words for people: "refused: 169.254.169.254 is a link-local address". */
export function describeRefusal(verdict: Extract<AddressVerdict, { allowed: false }>): string {
  if (verdict.reason.startsWith("not ")) return `refused: ${verdict.address} is ${verdict.reason}`;
  return `refused: ${verdict.address} is ${/^[aeiou]/i.test(verdict.reason) ? "an" : "a"} ${verdict.reason}`;
}

/**
 * Resolves `host` once and returns only the addresses we may connect to. An IP literal is checked as is.
 * Refusal happens here, before any socket exists.
 */
export async function resolveAllowedAddresses(
  host: string,
  policy: EgressPolicy,
  /** The caller's resolver (the platform's, DNS_SERVERS): the guard has no resolver of its own. */
  lookupAll: LookupAll,
): Promise<ResolveOutcome> {
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: string[];
  // Any literal form (inet_aton "127.1", "2130706433"; zone ids) is judged as the address it denotes:
  // getaddrinfo would turn it into that address without asking DNS.
  if (parseIpLiteral(bare)) {
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
    const why = verdicts
      .map((v) => (v.allowed ? "" : `${v.address} (${v.reason})`))
      .filter(Boolean)
      .join(", ");
    return { ok: false, kind: "blocked_by_policy", message: `refused to connect to ${bare}: ${why}`, verdicts };
  }
  return { ok: true, addresses: allowed };
}
