/**
 * The client address of an HTTP request, for rate limits and sessions (issue 20, finding 2: the per-IP
 * sign-in limit trusted `X-Forwarded-For` from anyone, so a changing header made every guess a new client).
 *
 * Only the socket peer is a fact. Forwarded headers are believed only as far as they were appended by
 * proxies the operator lists in TRUSTED_PROXIES (comma-separated addresses or CIDRs; default none): walk
 * the chain from the right, skip trusted proxies, and the first address not trusted is the client
 * (the algorithm of RFC 7239 §7.4's advice, as nginx's realip and Express's `trust proxy` do it).
 *
 * Next.js hides the socket from route handlers and server actions, so the web server (apps/web/server.ts)
 * resolves the address once per request and passes it in CLIENT_IP_HEADER, replacing whatever the client
 * sent under that name. Everything else reads that header through `clientIpFromHeaders`.
 */
import ipaddr from "ipaddr.js";

import { type Cidr, parseAllowlist } from "./egress-guard.ts";
import { parseIpv6Words } from "./ip-literal.ts";

export const CLIENT_IP_HEADER = "x-inboxwatch-client-ip";
/** A chain longer than this is junk or an attack; the client is then the last untrusted hop seen. */
const FORWARDED_HOPS_MAX = 20;

export function parseTrustedProxies(spec: string | undefined): Cidr[] {
  try {
    return parseAllowlist(spec);
  } catch {
    throw new Error(`TRUSTED_PROXIES: "${spec}" must be comma-separated IP addresses or CIDR ranges`);
  }
}

/**
 * One canonical text per address. IPv6 goes through our own word parser: ipaddr.js reads the
 * IPv4-compatible "::127.0.0.1" as the mapped "::ffff:127.0.0.1", which would let such an entry pass for
 * a trusted IPv4 proxy. Only true IPv4-mapped addresses (how dual-stack sockets report IPv4 peers) fold to IPv4.
 */
function normalize(address: string): string | null {
  const bare = address
    .trim()
    .replace(/^\[|\](:\d+)?$/g, "")
    .replace(/%.*$/, "");
  if (bare.includes(":")) {
    const words = parseIpv6Words(bare);
    if (!words) return null;
    const ip = new ipaddr.IPv6(words);
    return ip.isIPv4MappedAddress() ? ip.toIPv4Address().toString() : ip.toRFC5952String();
  }
  return ipaddr.IPv4.isValidFourPartDecimal(bare) ? ipaddr.parse(bare).toString() : null;
}

function isTrusted(address: string, trusted: Cidr[]): boolean {
  const ip = ipaddr.parse(address);
  return trusted.some(([range, bits]) => range.kind() === ip.kind() && ip.match([range, bits] as never));
}

/**
 * The client address: the socket peer unless it is a trusted proxy, in which case the rightmost
 * untrusted address of X-Forwarded-For (a malformed entry ends the walk at the last trusted hop).
 */
export function resolveClientIp(input: {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
  trusted: Cidr[];
}): string | null {
  const peer = input.peer ? normalize(input.peer) : null;
  if (!peer || !isTrusted(peer, input.trusted)) return peer;
  const header = Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? "");
  const hops = header
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean)
    .slice(-FORWARDED_HOPS_MAX);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i] ?? "");
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop, input.trusted)) break;
  }
  return client;
}

/** The address the web server resolved for this request, or null when the request did not come through it. */
export function clientIpFromHeaders(headers: { get(name: string): string | null }): string | null {
  const value = headers.get(CLIENT_IP_HEADER);
  return value && ipaddr.isValid(value) ? value : null;
}
