/**
 * Which addresses are the public internet. From the IANA special-purpose address registries (RFC 6890
 * and updates): IPv4 is allowed unless it falls in a listed block; IPv6 is allowed only inside global
 * unicast 2000::/3 (RFC 4291 §2.4) and outside the blocks there that embed an IPv4 address, are
 * documentation, or are reserved. Everything else is refused, so an IPv6 form that carries 127.0.0.1
 * (::7f00:1, ::ffff:0:7f00:1, 64:ff9b::7f00:1, 2002:7f00:1::, Teredo) can never reach it.
 */
import ipaddr from "ipaddr.js";

type Block = { cidr: string; reason: string };

/** "link-local" → "link-local address"; "6to4 (embeds …)" → "6to4 address (embeds …)". */
function phrase(kind: string): string {
  const at = kind.indexOf(" (");
  return at < 0 ? `${kind} address` : `${kind.slice(0, at)} address${kind.slice(at)}`;
}

function blocks<T extends ipaddr.IPv4 | ipaddr.IPv6>(list: Block[]): { range: [T, number]; reason: string }[] {
  return list.map(({ cidr, reason }) => ({ range: ipaddr.parseCIDR(cidr) as [T, number], reason: phrase(reason) }));
}

/** Refused IPv4 blocks (IANA IPv4 special-purpose registry, plus multicast and class E). */
const IPV4_REFUSED = blocks<ipaddr.IPv4>([
  { cidr: "0.0.0.0/8", reason: "unspecified ('this network', 0.0.0.0/8)" },
  { cidr: "10.0.0.0/8", reason: "private" },
  { cidr: "100.64.0.0/10", reason: "carrier-grade NAT" },
  { cidr: "127.0.0.0/8", reason: "loopback" },
  // Holds 169.254.169.254, the cloud metadata service.
  { cidr: "169.254.0.0/16", reason: "link-local" },
  { cidr: "172.16.0.0/12", reason: "private" },
  { cidr: "192.0.0.0/24", reason: "IETF protocol assignment" },
  { cidr: "192.0.2.0/24", reason: "documentation" },
  { cidr: "192.88.99.0/24", reason: "6to4 relay anycast (deprecated)" },
  { cidr: "192.168.0.0/16", reason: "private" },
  { cidr: "198.18.0.0/15", reason: "benchmarking" },
  { cidr: "198.51.100.0/24", reason: "documentation" },
  { cidr: "203.0.113.0/24", reason: "documentation" },
  { cidr: "224.0.0.0/4", reason: "multicast" },
  { cidr: "255.255.255.255/32", reason: "broadcast" },
  { cidr: "240.0.0.0/4", reason: "reserved" },
]);

/** Refused blocks inside 2000::/3, most specific first. */
const IPV6_GLOBAL_REFUSED = blocks<ipaddr.IPv6>([
  { cidr: "2001::/32", reason: "Teredo (embeds an IPv4 address)" },
  { cidr: "2001:2::/48", reason: "benchmarking" },
  { cidr: "2001:10::/28", reason: "ORCHID (deprecated)" },
  { cidr: "2001:20::/28", reason: "ORCHIDv2" },
  { cidr: "2001:db8::/32", reason: "documentation" },
  { cidr: "3fff::/20", reason: "documentation" },
  { cidr: "2002::/16", reason: "6to4 (embeds an IPv4 address)" },
]);

/** Blocks of 2001::/23 the registry marks globally reachable (anycast services, AS112, AMT, DRIP). */
const IPV6_IETF_GLOBAL = blocks<ipaddr.IPv6>([
  { cidr: "2001:1::1/128", reason: "PCP anycast" },
  { cidr: "2001:1::2/128", reason: "TURN anycast" },
  { cidr: "2001:1::3/128", reason: "DNS-SD SRP anycast" },
  { cidr: "2001:3::/32", reason: "AMT" },
  { cidr: "2001:4:112::/48", reason: "AS112-v6" },
  { cidr: "2001:30::/28", reason: "DRIP entity tags" },
]);
const [IPV6_IETF_ASSIGNMENTS] = blocks<ipaddr.IPv6>([{ cidr: "2001::/23", reason: "IETF protocol assignment" }]);
const [IPV6_GLOBAL_UNICAST] = blocks<ipaddr.IPv6>([{ cidr: "2000::/3", reason: "" }]);

/** Named blocks outside 2000::/3, for a refusal that says what the address is. */
const IPV6_NAMED_OUTSIDE = blocks<ipaddr.IPv6>([
  { cidr: "::/128", reason: "unspecified" },
  { cidr: "::1/128", reason: "loopback" },
  { cidr: "::ffff:0:0/96", reason: "IPv4-mapped" },
  { cidr: "::ffff:0:0:0/96", reason: "IPv4-translated IPv6 (embeds an IPv4 address)" },
  { cidr: "::/96", reason: "IPv4-compatible IPv6 (embeds an IPv4 address)" },
  { cidr: "64:ff9b::/96", reason: "NAT64 (embeds an IPv4 address)" },
  { cidr: "64:ff9b:1::/48", reason: "local NAT64 (embeds an IPv4 address)" },
  { cidr: "100::/64", reason: "discard-only" },
  { cidr: "fc00::/7", reason: "unique local" },
  { cidr: "fe80::/10", reason: "link-local" },
  { cidr: "fec0::/10", reason: "site-local (deprecated)" },
  { cidr: "ff00::/8", reason: "multicast" },
]);

/** Why an IPv4 address is not public unicast ("loopback address"), or null when it is. */
export function refusedIpv4Reason(ip: ipaddr.IPv4): string | null {
  return IPV4_REFUSED.find((b) => ip.match(b.range))?.reason ?? null;
}

/** Why an IPv6 address is not public unicast, or null when it is. IPv4-mapped is the caller's business. */
export function refusedIpv6Reason(ip: ipaddr.IPv6): string | null {
  if (!IPV6_GLOBAL_UNICAST || !ip.match(IPV6_GLOBAL_UNICAST.range)) {
    return IPV6_NAMED_OUTSIDE.find((b) => ip.match(b.range))?.reason ?? "address outside global unicast (2000::/3)";
  }
  const refused = IPV6_GLOBAL_REFUSED.find((b) => ip.match(b.range));
  if (refused) return refused.reason;
  if (IPV6_IETF_GLOBAL.some((b) => ip.match(b.range))) return null;
  if (IPV6_IETF_ASSIGNMENTS && ip.match(IPV6_IETF_ASSIGNMENTS.range)) return IPV6_IETF_ASSIGNMENTS.reason;
  return null;
}
