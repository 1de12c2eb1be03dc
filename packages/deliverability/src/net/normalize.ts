/**
 * Canonical forms for what users type: domain names (lowercase ASCII, punycode for IDNs, RFC 1035 label
 * rules) and IP addresses (RFC 5952 for IPv6), so "Example.COM." and "example.com" are one domain and
 * "2001:DB8::0:1" and "2001:db8::1" one address.
 */
import net from "node:net";
import { domainToASCII } from "node:url";

import ipaddr from "ipaddr.js";

import { parseIpLiteral, parseIpv6Words } from "./ip-literal.ts";

export type Normalized = { ok: true; value: string } | { ok: false; error: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** RFC 1035 §2.3.4: 255 octets on the wire, 253 characters in text without the root dot. */
const MAX_DOMAIN_LENGTH = 253;

export function normalizeDomain(input: string): Normalized {
  const trimmed = input.trim().replace(/\.$/, "");
  if (!trimmed) return { ok: false, error: "Enter a domain name" };
  if (/[\s/@:]/.test(trimmed)) return { ok: false, error: "Enter a bare domain name like example.com (no scheme, path or address)" };
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (!ascii) return { ok: false, error: `"${trimmed}" is not a valid domain name` };
  if (ascii.length > MAX_DOMAIN_LENGTH) return { ok: false, error: "Domain names are at most 253 characters" };
  const labels = ascii.split(".");
  if (labels.length < 2) return { ok: false, error: "Enter a full domain name like example.com" };
  if (ipaddr.isValid(ascii)) return { ok: false, error: "That is an IP address; add it under IPs" };
  if (!labels.every((l) => LABEL.test(l))) return { ok: false, error: `"${trimmed}" is not a valid domain name` };
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return { ok: false, error: "The top-level domain cannot be numeric" };
  return { ok: true, value: ascii };
}

/** A mail server's host name (a domain name, possibly one label in private setups) or an IP literal. */
export function normalizeHostname(input: string): Normalized {
  const trimmed = input.trim().replace(/^\[|\]$/g, "");
  // Any literal form a resolver would turn into an address ("127.1", "2130706433", "::127.0.0.1") is an
  // address, never a name: normalizeIp keeps the canonical ones and refuses the legacy ones.
  if (parseIpLiteral(trimmed) || trimmed.includes(":")) return normalizeIp(trimmed);
  return normalizeDomain(trimmed);
}

export function normalizeIp(input: string): Normalized {
  const trimmed = input.trim();
  if (trimmed.includes(":")) {
    // Our own parse: ipaddr.js reads "::127.0.0.1" as ::ffff:127.0.0.1, which is a different address.
    const words = parseIpv6Words(trimmed);
    if (!words) return { ok: false, error: `"${trimmed}" is not an IPv4 or IPv6 address` };
    return { ok: true, value: new ipaddr.IPv6(words).toRFC5952String() };
  }
  if (net.isIPv4(trimmed)) return { ok: true, value: trimmed };
  // inet_aton forms like "127.1", "0x7f.0.0.1" or "2130706433" are addresses too; a user typing them is making a mistake.
  if (parseIpLiteral(trimmed)) return { ok: false, error: `"${trimmed}" is not a dotted-quad IPv4 address` };
  return { ok: false, error: `"${trimmed}" is not an IPv4 or IPv6 address` };
}
