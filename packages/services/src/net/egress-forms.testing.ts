/**
 * The table of address forms the egress dial-path test runs (issue 20 item 7): every textual form of a
 * set of forbidden IPv4 targets (inet_aton decimal/hex/octal/short forms, trailing dot), every IPv6
 * embedding of them (IPv4-compatible, -mapped, -translated, NAT64, local NAT64, 6to4, Teredo), plain
 * special IPv6 addresses, and DNS names answering each of those. Each row says which address it denotes,
 * computed here independently of the guard's own parser, so the test does not grade the guard by itself.
 */
import { type TestZone } from "@inboxwatch/deliverability/dns/testing";

export type Family = 4 | 6;

export interface AddressForm {
  /** What is typed: a host for SMTP/IMAP, the host part of a URL for HTTP paths. */
  form: string;
  /** The address a dialer would reach: dotted quad, or IPv6 in lowercase hex (no zone). */
  denotes: string;
  family: Family;
  /** How the form was built, for the report. */
  how: string;
}

/** IPv4 targets no policy but an allowlist may open: loopback, private, metadata, CGNAT, special blocks. */
export const IPV4_TARGETS = [
  "127.0.0.1",
  "127.1.2.3",
  "10.0.0.1",
  "172.16.5.4",
  "192.168.1.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "224.0.0.1",
  "255.255.255.255",
  "198.18.0.1",
  "192.0.2.1",
  "240.0.0.1",
] as const;

/** Special IPv6 addresses outside public unicast, as typed. */
export const IPV6_SPECIALS = [
  ["::1", "::1"],
  ["0:0:0:0:0:0:0:1", "::1"],
  ["[::1]", "::1"],
  ["::", "::"],
  ["fe80::1", "fe80::1"],
  ["fe80::1%lo", "fe80::1"],
  ["fc00::1", "fc00::1"],
  ["fd12:3456::1", "fd12:3456::1"],
  ["ff02::1", "ff02::1"],
  ["fec0::1", "fec0::1"],
  ["2001:db8::1", "2001:db8::1"],
  ["3fff::1", "3fff::1"],
  ["2001:10::1", "2001:10::1"],
  ["2001:20::1", "2001:20::1"],
  ["2001:2::1", "2001:2::1"],
  ["100::1", "100::1"],
  ["5f00::1", "5f00::1"],
  ["4000::1", "4000::1"],
] as const;

function octets(ip: string): [number, number, number, number] {
  const [a = 0, b = 0, c = 0, d = 0] = ip.split(".").map(Number);
  return [a, b, c, d];
}

const hex = (n: number) => n.toString(16);

/** The inet_aton / WHATWG forms of one IPv4 address. */
function ipv4Forms(ip: string): AddressForm[] {
  const [a, b, c, d] = octets(ip);
  const value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const row = (form: string, how: string): AddressForm => ({ form, denotes: ip, family: 4, how });
  return [
    row(ip, "dotted quad"),
    row(String(value), "32-bit decimal"),
    row(`0x${hex(value)}`, "32-bit hex"),
    row(`0${value.toString(8)}`, "32-bit octal"),
    row([a, b, c, d].map((o) => `0x${hex(o)}`).join("."), "dotted hex"),
    row([a, b, c, d].map((o) => `0${o.toString(8)}`).join("."), "dotted octal"),
    row(`${a}.${b}.${(c << 8) + d}`, "three parts"),
    row(`${a}.${(b << 16) + (c << 8) + d}`, "two parts"),
    row(`0x${hex(a)}.0${b.toString(8)}.${(c << 8) + d}`, "mixed hex/octal/decimal"),
    row(`${ip}.`, "trailing dot"),
  ];
}

/** The IPv6 forms that carry one IPv4 address; IPv4-mapped ones denote the IPv4 address itself. */
function ipv6Embeddings(ip: string): AddressForm[] {
  const [a, b, c, d] = octets(ip);
  const hi = hex((a << 8) | b);
  const lo = hex((c << 8) | d);
  const row = (form: string, denotes: string, how: string, family: Family = 6): AddressForm => ({ form, denotes, family, how });
  // Teredo (RFC 4380 §4): the client's IPv4 address is stored inverted in the last 32 bits.
  const teredo = `2001:0:4136:e378:8000:63bf:${hex(0xffff ^ ((a << 8) | b))}:${hex(0xffff ^ ((c << 8) | d))}`;
  return [
    row(`::${ip}`, `::${hi}:${lo}`, "IPv4-compatible, dotted"),
    row(`::${hi}:${lo}`, `::${hi}:${lo}`, "IPv4-compatible, hex"),
    row(`0:0:0:0:0:0:${ip}`, `::${hi}:${lo}`, "IPv4-compatible, uncompressed"),
    row(`[::${ip}]`, `::${hi}:${lo}`, "IPv4-compatible, bracketed"),
    row(`::ffff:${ip}`, ip, "IPv4-mapped, dotted", 4),
    row(`::ffff:${hi}:${lo}`, ip, "IPv4-mapped, hex", 4),
    row(`0:0:0:0:0:ffff:${ip}`, ip, "IPv4-mapped, uncompressed", 4),
    row(`::ffff:0:${ip}`, `::ffff:0:${hi}:${lo}`, "IPv4-translated, dotted"),
    row(`::ffff:0:${hi}:${lo}`, `::ffff:0:${hi}:${lo}`, "IPv4-translated, hex"),
    row(`64:ff9b::${ip}`, `64:ff9b::${hi}:${lo}`, "NAT64, dotted"),
    row(`64:ff9b::${hi}:${lo}`, `64:ff9b::${hi}:${lo}`, "NAT64, hex"),
    row(`64:ff9b:1::${ip}`, `64:ff9b:1::${hi}:${lo}`, "local NAT64"),
    row(`2002:${hi}:${lo}::`, `2002:${hi}:${lo}::`, "6to4"),
    row(`2002:${hi}:${lo}::1`, `2002:${hi}:${lo}::1`, "6to4 host"),
    row(teredo, teredo, "Teredo"),
  ];
}

export interface FormTable {
  forms: AddressForm[];
  /** The loopback DNS server's zone: one name per distinct address (A or AAAA). */
  zone: TestZone;
}

/** Builds the table; `domain` is the zone DNS names live under. */
export function buildFormTable(domain: string): FormTable {
  const literal: AddressForm[] = [
    ...IPV4_TARGETS.flatMap((ip) => [...ipv4Forms(ip), ...ipv6Embeddings(ip)]),
    ...IPV6_SPECIALS.map(([form, denotes]): AddressForm => ({ form, denotes, family: 6, how: "special IPv6" })),
  ];
  // One name per record a DNS answer can carry: dotted quads (A) and IPv6 without brackets or zone (AAAA).
  const records = new Map<string, AddressForm>();
  for (const row of literal) {
    const record = row.how === "dotted quad" ? row.form : row.family === 6 || row.how.startsWith("IPv4-mapped") ? row.form : null;
    if (!record || record.includes("%") || record.startsWith("[")) continue;
    if (!records.has(record)) records.set(record, row);
  }
  const zone: TestZone = {};
  const named: AddressForm[] = [];
  let i = 0;
  for (const [record, row] of records) {
    const name = `n${i++}.${domain}`;
    zone[name] = record.includes(":") ? { AAAA: [record] } : { A: [record] };
    named.push({ form: name, denotes: row.denotes, family: row.family, how: `DNS name → ${record}` });
  }
  return { forms: [...literal, ...named], zone };
}
