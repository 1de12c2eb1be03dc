/**
 * Reads an IP address out of a host string the way the code that would dial it does, so the egress
 * guard judges the address a connection would really reach, not the text it was given:
 *
 * - IPv4 in every inet_aton(3) form getaddrinfo and the WHATWG URL parser accept: 1 to 4 parts, each
 *   decimal, octal (leading 0) or hex (0x), the last part filling the remaining bytes ("127.1",
 *   "2130706433", "0x7f.0.0.1", "0177.0.0.1"), and a trailing dot ("127.0.0.1.", WHATWG only).
 * - IPv6 as Node's validator (`net.isIPv6`, what `net.connect` uses) accepts it, brackets and a zone id
 *   ("fe80::1%eth0") allowed, with a dotted IPv4 tail parsed by us: ipaddr.js reads "::127.0.0.1" as the
 *   IPv4-mapped ::ffff:127.0.0.1, which would let an allowlisted 127.0.0.0/8 open ::7f00:1.
 */
import net from "node:net";

export type IpLiteral = { family: 4; value: number } | { family: 6; words: number[]; zone: string | null };

/** One inet_aton part: hex (0x…, "0x" alone is 0 for WHATWG), octal (leading 0) or decimal. */
const ATON_PART = /^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i;
/** Bits of an IPv4 address; the last of n parts holds the low 8 × (5 − n) bits. */
const IPV4_BITS = 32;
/** Hex digits beyond this cannot be a 32-bit value, and would lose precision in parseInt. */
const ATON_MAX_PART_CHARS = 40;
const IPV6_WORDS = 8;

function atonPartValue(part: string): number {
  if (/^0x/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (part.length > 1 && part.startsWith("0")) return parseInt(part, 8);
  return parseInt(part, 10);
}

/** An IPv4 address in any inet_aton / WHATWG form, as a 32-bit unsigned number; null when it is not one. */
export function parseInetAton(text: string): number | null {
  const bare = text.endsWith(".") ? text.slice(0, -1) : text;
  const parts = bare.split(".");
  if (parts.length === 0 || parts.length > 4) return null;
  if (!parts.every((p) => p.length <= ATON_MAX_PART_CHARS && ATON_PART.test(p))) return null;
  const values = parts.map(atonPartValue);
  const lastBits = IPV4_BITS - 8 * (values.length - 1);
  let out = 0;
  for (let i = 0; i < values.length - 1; i++) {
    const v = values[i] as number;
    if (v > 255) return null;
    out = out * 256 + v;
  }
  const last = values[values.length - 1] as number;
  if (!Number.isFinite(last) || last >= 2 ** lastBits) return null;
  return out * 2 ** lastBits + last;
}

/** The eight 16-bit words of an IPv6 address Node accepts (no zone, no brackets); null otherwise. */
export function parseIpv6Words(text: string): number[] | null {
  if (!net.isIPv6(text) || text.includes("%")) return null;
  let hex = text;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    // net.isIPv6 already required a strict dotted quad here.
    const [a = 0, b = 0, c = 0, d = 0] = tail.split(".").map(Number);
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = hex.split("::");
  const groups = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const words = halves.length === 2 ? [...head, ...new Array<number>(IPV6_WORDS - head.length - rest.length).fill(0), ...rest] : head;
  return words.length === IPV6_WORDS && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

/**
 * The address a host string denotes when it is an IP literal in any accepted form (brackets, zone id,
 * trailing dot, inet_aton forms); null when it is a name to be resolved.
 */
export function parseIpLiteral(host: string): IpLiteral | null {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare.includes(":")) {
    const zoneAt = bare.indexOf("%");
    const zone = zoneAt >= 0 ? bare.slice(zoneAt + 1) : null;
    const words = parseIpv6Words(zoneAt >= 0 ? bare.slice(0, zoneAt) : bare);
    if (!words || zone === "") return null;
    return { family: 6, words, zone };
  }
  const value = parseInetAton(bare);
  return value === null ? null : { family: 4, value };
}

export function ipv4ToString(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
