/**
 * A loopback authoritative DNS server for tests and benchmarks: dns-packet over UDP and TCP on
 * 127.0.0.1 (same port), serving a TestZone. It answers NXDOMAIN vs NODATA as RFC 2308 says (SOA in the
 * authority section), chases in-zone CNAMEs like an authoritative server, truncates UDP answers over
 * 512 bytes (RFC 1035 §4.2.1, no EDNS), and can simulate timeouts, SERVFAIL and truncation per name.
 */
import dgram from "node:dgram";
import net from "node:net";

import dnsPacket, { type Answer, type Packet } from "dns-packet";

import type { RecordType } from "../types.ts";
import {
  faultMatches,
  normalizeName,
  normalizeZone,
  type TestDnsFaults,
  type TestZone,
  TEST_ZONE_DEFAULT_TTL_S,
  type ZoneNode,
} from "./zone.ts";

/** RFC 1035 §4.2.1: the classic UDP payload limit without EDNS. */
const UDP_MAX_PAYLOAD_BYTES = 512;
/** Bounds CNAME chains so a looping fixture cannot hang the server. */
const MAX_CNAME_HOPS = 8;
/** Negative-caching TTL announced in the synthetic SOA (RFC 2308 §5). */
const NEGATIVE_TTL_S = 60;
/** A character-string holds at most 255 bytes (RFC 1035 §3.3). */
const TXT_CHUNK_BYTES = 255;
/** Room for bursts of thousands of queries (benchmarks) before the kernel drops datagrams. */
const UDP_RECV_BUFFER_BYTES = 8 * 1024 * 1024;
/** Attempts to find a port free for both UDP and TCP. */
const PORT_ATTEMPTS = 20;
/** Distinct questions whose UDP replies are remembered; a benchmark's working set fits, memory stays bounded. */
const REPLY_CACHE_MAX_ENTRIES = 20_000;
/** DNS header: the id is the first two bytes, the rest of the message is the question (RFC 1035 §4.1.1). */
const DNS_ID_BYTES = 2;

export interface TestDnsServer {
  host: string;
  port: number;
  /** `host:port`, handy for `--dns-server`. */
  address: string;
  /** Queries received (UDP + TCP), for tests and benchmarks. */
  readonly queryCount: number;
  setZone(zone: TestZone, faults?: TestDnsFaults): void;
  close(): Promise<void>;
}

type Rcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED";

export interface TestDnsServerOptions {
  /** A fixed port (UDP and TCP) for a process that must be told the address before the server starts (e2e: the worker's DNS_SERVERS); default any free port. */
  port?: number;
}

export async function startTestDnsServer(
  zone: TestZone,
  faults: TestDnsFaults = {},
  options: TestDnsServerOptions = {},
): Promise<TestDnsServer> {
  let records = normalizeZone(zone);
  let names = existingNames(records);
  let currentFaults = faults;
  let queryCount = 0;
  const sockets = new Set<net.Socket>();
  // UDP replies by query bytes after the id: a repeated question is answered by patching the id into
  // the remembered reply, like a real authoritative server (rbldnsd) answers in microseconds, so that
  // benchmarks measure the client rather than this server's decode/encode. Cleared on every zone change.
  const replies = new Map<string, Buffer>();
  const cachedReply = (query: Buffer): Buffer | undefined => {
    const hit = query.length > DNS_ID_BYTES ? replies.get(query.toString("latin1", DNS_ID_BYTES)) : undefined;
    if (!hit) return undefined;
    const reply = Buffer.from(hit);
    query.copy(reply, 0, 0, DNS_ID_BYTES);
    return reply;
  };

  const respond = (query: Buffer, overUdp: boolean): Buffer | undefined => {
    let packet: Packet;
    try {
      packet = dnsPacket.decode(query);
    } catch {
      return undefined;
    }
    queryCount++;
    const question = packet.questions?.[0];
    if (!question) return undefined;
    const name = normalizeName(question.name);
    const type = question.type;
    if (faultMatches(currentFaults.timeout, name, type)) return undefined;
    const base = { id: packet.id ?? 0, type: "response" as const, questions: [question] };
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | ((packet.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
    if (faultMatches(currentFaults.servfail, name, type)) return dnsPacket.encode({ ...base, flags: flags | rcodeBits("SERVFAIL") });
    if (faultMatches(currentFaults.refused, name, type)) return dnsPacket.encode({ ...base, flags: flags | rcodeBits("REFUSED") });
    const { answers, authorities, rcode } = lookup(records, names, name, type as RecordType);
    const full = dnsPacket.encode({ ...base, flags: flags | rcodeBits(rcode), answers, authorities });
    if (overUdp && (faultMatches(currentFaults.truncate, name, type) || full.length > UDP_MAX_PAYLOAD_BYTES)) {
      return dnsPacket.encode({ ...base, flags: flags | dnsPacket.TRUNCATED_RESPONSE | rcodeBits(rcode) });
    }
    return full;
  };

  const { udp, tcp, port } = await bindBoth(
    (msg, rinfo, socket) => {
      let reply = cachedReply(msg);
      if (reply) queryCount++;
      else {
        reply = respond(msg, true);
        if (!reply) return;
        if (replies.size < REPLY_CACHE_MAX_ENTRIES) replies.set(msg.toString("latin1", DNS_ID_BYTES), reply);
      }
      const delay = currentFaults.delayMs ?? 0;
      if (delay > 0) setTimeout(() => socket.send(reply, rinfo.port, rinfo.address), delay);
      else socket.send(reply, rinfo.port, rinfo.address);
    },
    (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      let buffered = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2) {
          const length = buffered.readUInt16BE(0);
          if (buffered.length < 2 + length) break;
          const reply = respond(buffered.subarray(2, 2 + length), false);
          buffered = buffered.subarray(2 + length);
          if (reply) {
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(reply.length);
            socket.write(Buffer.concat([prefix, reply]));
          }
        }
      });
    },
    options.port ?? 0,
  );

  return {
    host: "127.0.0.1",
    port,
    address: `127.0.0.1:${port}`,
    get queryCount() {
      return queryCount;
    },
    setZone(next, nextFaults = {}) {
      replies.clear();
      records = normalizeZone(next);
      names = existingNames(records);
      currentFaults = nextFaults;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}

function rcodeBits(rcode: Rcode): number {
  return { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 }[rcode];
}

/** Every owner name and every ancestor of one (empty non-terminals exist: NODATA, not NXDOMAIN, RFC 8020). */
function existingNames(zone: Map<string, ZoneNode>): Set<string> {
  const names = new Set<string>();
  for (const name of zone.keys()) {
    const labels = name.split(".");
    for (let i = 0; i < labels.length; i++) names.add(labels.slice(i).join("."));
  }
  return names;
}

function lookup(
  zone: Map<string, ZoneNode>,
  names: Set<string>,
  qname: string,
  type: RecordType,
): { answers: Answer[]; authorities: Answer[]; rcode: Rcode } {
  const answers: Answer[] = [];
  let name = qname;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const node = zone.get(name);
    if (node?.CNAME && type !== "CNAME") {
      answers.push({ name, type: "CNAME", ttl: node.ttl ?? TEST_ZONE_DEFAULT_TTL_S, data: node.CNAME });
      name = normalizeName(node.CNAME);
      continue;
    }
    const found = node ? recordsOf(name, node, type) : [];
    if (found.length > 0) return { answers: [...answers, ...found], authorities: [], rcode: "NOERROR" };
    const exists = names.has(name);
    return { answers, authorities: [soaFor(name)], rcode: exists ? "NOERROR" : "NXDOMAIN" };
  }
  return { answers, authorities: [], rcode: "SERVFAIL" };
}

function recordsOf(name: string, node: ZoneNode, type: RecordType): Answer[] {
  const ttl = node.ttl ?? TEST_ZONE_DEFAULT_TTL_S;
  switch (type) {
    case "A":
    case "AAAA":
    case "PTR":
    case "NS":
      return (node[type] ?? []).map((data): Answer => ({ name, type, ttl, data }));
    case "CNAME":
      return node.CNAME ? [{ name, type, ttl, data: node.CNAME }] : [];
    case "MX":
      return (node.MX ?? []).map((data) => ({ name, type, ttl, data }));
    case "TXT":
      return (node.TXT ?? []).map((value) => ({
        name,
        type,
        ttl,
        data: typeof value === "string" ? chunk(value) : value.map((s) => Buffer.from(s)),
      }));
    case "SOA":
      return node.SOA ? [{ name, type, ttl, data: { ...node.SOA, refresh: 3600, retry: 600, expire: 86400 } }] : [];
    default:
      return [];
  }
}

function chunk(value: string): Buffer[] {
  const bytes = Buffer.from(value);
  if (bytes.length === 0) return [bytes];
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += TXT_CHUNK_BYTES) parts.push(bytes.subarray(i, i + TXT_CHUNK_BYTES));
  return parts;
}

function soaFor(name: string): Answer {
  const apex = name.split(".").slice(-2).join(".") || ".";
  return {
    name: apex,
    type: "SOA",
    ttl: NEGATIVE_TTL_S,
    data: {
      mname: `ns.${apex}`,
      rname: `hostmaster.${apex}`,
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 86400,
      minimum: NEGATIVE_TTL_S,
    },
  };
}

async function bindBoth(
  onMessage: (msg: Buffer, rinfo: dgram.RemoteInfo, socket: dgram.Socket) => void,
  onConnection: (socket: net.Socket) => void,
  fixedPort: number,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  // A fixed port gets one attempt: another port would not be the one the client was told.
  for (let attempt = 0; attempt < (fixedPort ? 1 : PORT_ATTEMPTS); attempt++) {
    const udp = dgram.createSocket({ type: "udp4", recvBufferSize: UDP_RECV_BUFFER_BYTES });
    udp.on("message", (msg, rinfo) => onMessage(msg, rinfo, udp));
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(fixedPort, "127.0.0.1", () => resolve());
    });
    const port = udp.address().port;
    const tcp = net.createServer(onConnection);
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once("error", () => resolve(false));
      tcp.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (ok) return { udp, tcp, port };
    await new Promise<void>((r) => udp.close(() => r()));
  }
  throw new Error(
    fixedPort ? `could not bind UDP and TCP port ${fixedPort} on 127.0.0.1` : "could not bind a UDP and TCP port pair on 127.0.0.1",
  );
}
