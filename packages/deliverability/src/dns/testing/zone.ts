/**
 * Declarative zone fixtures for the loopback test DNS server: a plain object, name → records by type.
 * Names are matched case-insensitively without the trailing dot (RFC 4343).
 */
import type { MxData, SoaData } from "../types.ts";

export interface ZoneNode {
  A?: string[];
  AAAA?: string[];
  MX?: MxData[];
  /** Each TXT record is one string (split into 255-byte character-strings on the wire) or its strings. */
  TXT?: (string | string[])[];
  CNAME?: string;
  PTR?: string[];
  NS?: string[];
  SOA?: SoaData;
  /** TTL for every record of this name, seconds; default TEST_ZONE_DEFAULT_TTL_S. */
  ttl?: number;
}

export type TestZone = Record<string, ZoneNode>;

/**
 * Faults to simulate for chosen names. Each entry is `name` (every type), `name/TYPE`, or a RegExp on the name.
 * timeout: no answer at all; servfail: RCODE 2; truncate: UDP answers carry TC and no records,
 * so the client must retry over TCP (RFC 7766).
 */
export interface TestDnsFaults {
  timeout?: (string | RegExp)[];
  servfail?: (string | RegExp)[];
  truncate?: (string | RegExp)[];
  refused?: (string | RegExp)[];
  /** Delay every answer by this many ms, simulating a resolver's round trip (benchmarks). */
  delayMs?: number;
}

/** Long enough that a test never sees an entry expire unless it moves the clock. */
export const TEST_ZONE_DEFAULT_TTL_S = 300;

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

export function normalizeZone(zone: TestZone): Map<string, ZoneNode> {
  const map = new Map<string, ZoneNode>();
  for (const [name, node] of Object.entries(zone)) {
    const key = normalizeName(name);
    const prev = map.get(key);
    map.set(key, prev ? mergeNodes(prev, node) : node);
  }
  return map;
}

function mergeNodes(a: ZoneNode, b: ZoneNode): ZoneNode {
  return {
    ...a,
    ...b,
    A: concat(a.A, b.A),
    AAAA: concat(a.AAAA, b.AAAA),
    MX: concat(a.MX, b.MX),
    TXT: concat(a.TXT, b.TXT),
    PTR: concat(a.PTR, b.PTR),
    NS: concat(a.NS, b.NS),
  };
}

function concat<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [...a, ...b];
}

export function faultMatches(list: (string | RegExp)[] | undefined, name: string, type: string): boolean {
  if (!list) return false;
  return list.some((entry) => {
    if (entry instanceof RegExp) return entry.test(name);
    const [n, t] = entry.split("/");
    return normalizeName(n ?? "") === name && (t === undefined || t.toUpperCase() === type);
  });
}

export { reverseName } from "../names.ts";
