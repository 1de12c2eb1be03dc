/**
 * A stub resolver speaking DNS itself (dns-packet over dgram, TCP on truncation, RFC 1035 §4.2 and
 * RFC 7766), so any upstream host:port works — including the loopback test server — and NXDOMAIN,
 * NODATA, SERVFAIL and timeouts come back as data. Answers are cached for their TTL (RFC 2308 for
 * negative answers), identical concurrent lookups share one query, and every message sent is counted.
 * UDP queries in flight at once share one socket and one timer (udp-mux.ts).
 */
import { randomInt } from "node:crypto";
import { getServers } from "node:dns";
import net from "node:net";

import dnsPacket, { type Packet } from "dns-packet";

import type { DnsErrorKind, DnsResolver, LookupResult, RecordDataMap, RecordType } from "./types.ts";
import { createUdpMux, type DecodedPacket, type Exchange, isReplyTo } from "./udp-mux.ts";

/** The fields of a decoded resource record we read; OPT records lack data/ttl in the typings. */
type DecodedAnswer = { type: string; ttl?: number; data: unknown };

/** Per attempt; a loopback or LAN resolver answers in milliseconds, a slow recursive one in < 2 s. */
export const DNS_QUERY_TIMEOUT_MS = 2_000;
/** One retry covers a lost UDP datagram without doubling the wait for a dead server more than once. */
export const DNS_QUERY_RETRIES = 1;
/** Bounds memory of a long-running worker; oldest entries are evicted first. */
export const DNS_CACHE_MAX_ENTRIES = 50_000;
/** Caps queries on the wire at once: bursts beyond this overflow UDP buffers and turn into timeouts. */
export const DNS_MAX_IN_FLIGHT = 128;
/** Used when a negative answer carries no SOA (RFC 2308 §5 says the SOA minimum governs). */
export const DNS_NEGATIVE_TTL_DEFAULT_S = 60;
/** Caps huge TTLs so a record changed upstream is seen within a day at most. */
export const DNS_CACHE_MAX_TTL_S = 86_400;
/** RFC 1035 §2.3.4. */
const MAX_NAME_OCTETS = 253;
const MAX_LABEL_OCTETS = 63;

export interface UpstreamServer {
  host: string;
  port: number;
}

export interface ResolverOptions {
  /** `host`, `host:port` or `[v6]:port`; default the system's (`dns.getServers()`). */
  servers?: (string | UpstreamServer)[];
  timeoutMs?: number;
  retries?: number;
  /** false disables the cache (every lookup goes to the wire). */
  cache?: boolean;
  /** Clock in ms, injected so tests can expire cache entries. */
  now?: () => number;
  /** Queries on the wire at once; default DNS_MAX_IN_FLIGHT. */
  maxInFlight?: number;
}

export interface ResolverStats {
  /** Calls to query(). */
  lookups: number;
  /** DNS messages sent (UDP and TCP, retries included): what the upstream sees. */
  queries: number;
  cacheHits: number;
  timeouts: number;
}

export interface StubResolver extends DnsResolver {
  readonly servers: UpstreamServer[];
  readonly stats: ResolverStats;
  clearCache(): void;
}

export function parseServer(spec: string): UpstreamServer {
  const trimmed = spec.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (v6?.[1]) return { host: v6[1], port: v6[2] ? Number(v6[2]) : 53 };
  if (net.isIPv6(trimmed)) return { host: trimmed, port: 53 };
  const [host = "", port] = trimmed.split(":");
  if (!host || (port !== undefined && !/^\d{1,5}$/.test(port))) throw new Error(`not a DNS server address: "${spec}"`);
  return { host, port: port === undefined ? 53 : Number(port) };
}

type CacheEntry = { result: LookupResult; expiresAt: number };

export function createResolver(options: ResolverOptions = {}): StubResolver {
  const servers = (options.servers ?? getServers()).map((s) => (typeof s === "string" ? parseServer(s) : s));
  if (servers.length === 0) throw new Error("no DNS servers configured");
  const timeoutMs = options.timeoutMs ?? DNS_QUERY_TIMEOUT_MS;
  const retries = options.retries ?? DNS_QUERY_RETRIES;
  const useCache = options.cache ?? true;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const inflight = new Map<string, Promise<LookupResult>>();
  const stats: ResolverStats = { lookups: 0, queries: 0, cacheHits: 0, timeouts: 0 };
  const maxInFlight = options.maxInFlight ?? DNS_MAX_IN_FLIGHT;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  // One socket and one timer for all concurrent UDP queries of this resolver (see udp-mux.ts).
  const udp = createUdpMux();
  const acquire = async () => {
    if (inFlight >= maxInFlight) await new Promise<void>((r) => waiting.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };

  const exchange = async (
    name: string,
    type: RecordType,
  ): Promise<{ packet: DecodedPacket } | { error: DnsErrorKind; message: string }> => {
    let last: { error: DnsErrorKind; message: string } = { error: "timeout", message: "no answer" };
    for (let attempt = 0; attempt <= retries; attempt++) {
      const server = servers[attempt % servers.length] as UpstreamServer;
      stats.queries++;
      let outcome: Exchange = await udp.exchange(server, name, type, timeoutMs);
      if ("packet" in outcome && ((outcome.packet.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE) !== 0) {
        stats.queries++;
        outcome = await tcpExchange(server, name, type, timeoutMs);
      }
      if ("packet" in outcome) {
        // SERVFAIL from one server may be that server's problem: try the next before giving up.
        if (outcome.packet.rcode === "SERVFAIL" && attempt < retries) {
          last = { error: "servfail", message: `SERVFAIL from ${server.host}:${server.port}` };
          continue;
        }
        return outcome;
      }
      if (outcome.error === "timeout") stats.timeouts++;
      last = outcome;
    }
    return last;
  };

  const resolve = async (name: string, type: RecordType): Promise<LookupResult> => {
    await acquire();
    const outcome = await exchange(name, type).finally(release);
    if (!("packet" in outcome)) return { kind: "error", ...outcome };
    return interpret(outcome.packet, type);
  };

  return {
    servers,
    stats,
    clearCache: () => cache.clear(),
    async query<T extends RecordType>(rawName: string, type: T): Promise<LookupResult<T>> {
      stats.lookups++;
      const name = rawName.toLowerCase().replace(/\.$/, "");
      const invalid = validateName(name);
      if (invalid) return { kind: "error", error: "badname", message: invalid };
      const key = `${type} ${name}`;
      const cached = useCache ? cache.get(key) : undefined;
      if (cached && cached.expiresAt > now()) {
        stats.cacheHits++;
        return cached.result as LookupResult<T>;
      }
      const pending = inflight.get(key);
      if (pending) {
        stats.cacheHits++;
        return (await pending) as LookupResult<T>;
      }
      const promise = resolve(name, type);
      inflight.set(key, promise);
      try {
        const result = await promise;
        const ttl = cacheTtl(result);
        if (useCache && ttl > 0) {
          if (cache.size >= DNS_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
          cache.set(key, { result, expiresAt: now() + ttl * 1000 });
        }
        return result as LookupResult<T>;
      } finally {
        inflight.delete(key);
      }
    },
  };
}

function validateName(name: string): string | undefined {
  if (name.length === 0) return "empty name";
  if (name.length > MAX_NAME_OCTETS) return `name longer than ${MAX_NAME_OCTETS} octets`;
  for (const label of name.split(".")) {
    if (label.length === 0) return "empty label";
    if (label.length > MAX_LABEL_OCTETS) return `label longer than ${MAX_LABEL_OCTETS} octets`;
  }
  return undefined;
}

/** Errors are not cached: a transient failure must not outlive the attempt (RFC 2308 §7 allows 5 min, we choose 0). */
function cacheTtl(result: LookupResult & { negativeTtl?: number }): number {
  if (result.kind === "answer") return Math.min(result.ttl, DNS_CACHE_MAX_TTL_S);
  if (result.kind === "error") return 0;
  return Math.min(result.negativeTtl ?? DNS_NEGATIVE_TTL_DEFAULT_S, DNS_CACHE_MAX_TTL_S);
}

function interpret(packet: DecodedPacket, type: RecordType): LookupResult {
  const rcode = packet.rcode ?? "NOERROR";
  const soa = ((packet.authorities ?? []) as DecodedAnswer[]).find((a) => a.type === "SOA");
  // RFC 2308 §5: negative TTL is the lesser of the SOA's TTL and its MINIMUM field.
  const negativeTtl = soa ? Math.min(soa.ttl ?? DNS_NEGATIVE_TTL_DEFAULT_S, (soa.data as { minimum: number }).minimum) : undefined;
  if (rcode === "NXDOMAIN") return withNegativeTtl({ kind: "nxdomain" }, negativeTtl);
  if (rcode === "SERVFAIL") return { kind: "error", error: "servfail", message: "SERVFAIL" };
  if (rcode === "REFUSED") return { kind: "error", error: "refused", message: "REFUSED" };
  if (rcode !== "NOERROR") return { kind: "error", error: "formerr", message: rcode };
  const answers = (packet.answers ?? []) as DecodedAnswer[];
  const cnames = answers.filter((a) => a.type === "CNAME").map((a) => String(a.data).toLowerCase());
  const matching = answers.filter((a) => a.type === type);
  if (matching.length === 0) return withNegativeTtl({ kind: "nodata" }, negativeTtl);
  const ttl = Math.min(...matching.map((a) => a.ttl ?? 0));
  return { kind: "answer", records: matching.map((a) => recordData(a, type)), ttl, cnames };
}

function withNegativeTtl(result: LookupResult, negativeTtl: number | undefined): LookupResult {
  // Kept off the enumerable shape so results stay equal to `{ kind: "nxdomain" }` in JSON and tests.
  if (negativeTtl !== undefined) Object.defineProperty(result, "negativeTtl", { value: negativeTtl, enumerable: false });
  return result;
}

function recordData(answer: DecodedAnswer, type: RecordType): RecordDataMap[RecordType] {
  const data = answer.data;
  switch (type) {
    case "TXT":
      return (Array.isArray(data) ? data : [data]).map((b) => (Buffer.isBuffer(b) ? b.toString("latin1") : String(b)));
    case "MX": {
      const mx = data as { preference?: number; exchange: string };
      return { preference: mx.preference ?? 0, exchange: mx.exchange.toLowerCase().replace(/\.$/, "") };
    }
    case "SOA": {
      const soa = data as { mname: string; rname: string; serial: number; minimum: number };
      return { mname: soa.mname, rname: soa.rname, serial: soa.serial, minimum: soa.minimum };
    }
    case "CNAME":
    case "PTR":
    case "NS":
      return String(data).toLowerCase().replace(/\.$/, "");
    default:
      return String(data);
  }
}

function buildQuery(name: string, type: RecordType): { id: number; bytes: Packet } {
  const id = randomInt(0, 65_536);
  return { id, bytes: { type: "query", id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: "IN" }] } };
}

function tcpExchange(server: UpstreamServer, name: string, type: RecordType, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const { id, bytes } = buildQuery(name, type);
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    const finish = (outcome: Exchange) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ error: "timeout", message: `no TCP answer from ${server.host}:${server.port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on("error", (err) => finish({ error: "network", message: err.message }));
    socket.on("connect", () => socket.write(dnsPacket.streamEncode(bytes)));
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      try {
        const packet = dnsPacket.streamDecode(buffered);
        finish(isReplyTo(packet, id, name, type) ? { packet } : { error: "formerr", message: "mismatched TCP reply" });
      } catch (err) {
        finish({ error: "formerr", message: (err as Error).message });
      }
    });
  });
}
