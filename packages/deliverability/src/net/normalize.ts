/**
 * Canonical forms for what users type: domain names (lowercase ASCII, punycode for IDNs, RFC 1035 label
 * rules) and IP addresses (RFC 5952 for IPv6), so "Example.COM." and "example.com" are one domain and
 * "2001:DB8::0:1" and "2001:db8::1" one address.
 */
import { domainToASCII } from "node:url";

import ipaddr from "ipaddr.js";

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
  if (ipaddr.isValid(trimmed)) return normalizeIp(trimmed);
  return normalizeDomain(trimmed);
}

export function normalizeIp(input: string): Normalized {
  const trimmed = input.trim();
  if (!ipaddr.isValid(trimmed)) return { ok: false, error: `"${trimmed}" is not an IPv4 or IPv6 address` };
  // ipaddr.js accepts legacy forms like "127.1" and "0x7f.0.0.1"; a user typing those is making a mistake.
  if (trimmed.includes(".") && !trimmed.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) {
    return { ok: false, error: `"${trimmed}" is not a dotted-quad IPv4 address` };
  }
  const ip = ipaddr.parse(trimmed);
  return { ok: true, value: ip.kind() === "ipv6" ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString() };
}
