/**
 * Many DNS queries over one UDP socket per address family, told apart by message id and question
 * (RFC 5452 §9.1), with one timer for all of them. A fan-out such as 50 DNSBL lookups then costs one
 * socket and one timer instead of 50 of each: on loopback, socket setup and timers were most of the
 * client's time. The socket is closed once nothing is in flight and replaced after
 * DNS_UDP_SOCKET_MAX_QUERIES, so the source port still changes between bursts (RFC 5452 §10: port
 * randomization is what makes blind spoofing expensive) and an idle resolver holds no socket.
 */
import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import net from "node:net";

import dnsPacket, { type Packet } from "dns-packet";

import type { DnsErrorKind, RecordType } from "./types.ts";

/** Queries one socket (one source port) carries before a fresh socket takes over. */
export const DNS_UDP_SOCKET_MAX_QUERIES = 1_024;
/** Message ids are 16 bits (RFC 1035 §4.1.1). */
const DNS_ID_SPACE = 65_536;

export interface MuxServer {
  host: string;
  port: number;
}

/** dns-packet's decoder sets `rcode`; its typings omit it. */
export type DecodedPacket = Packet & { rcode?: string };
export type Exchange = { packet: DecodedPacket } | { error: DnsErrorKind; message: string };

interface Pending {
  name: string;
  type: RecordType;
  server: MuxServer;
  deadline: number;
  timeoutMs: number;
  channel: Channel;
  resolve: (outcome: Exchange) => void;
}

interface Channel {
  socket: dgram.Socket;
  /** Resolves once the socket is connected to its server (sends wait for it). */
  connected: Promise<void>;
  pending: Map<number, Pending>;
  sent: number;
  closed: boolean;
}

export interface UdpMux {
  exchange(server: MuxServer, name: string, type: RecordType, timeoutMs: number): Promise<Exchange>;
  /** Queries awaiting an answer (tests). */
  readonly inFlight: number;
}

/** Accepts only a reply to our question (RFC 5452 §9.1): same id, same name and type. */
export function isReplyTo(packet: Packet, id: number, name: string, type: RecordType): boolean {
  const q = packet.questions?.[0];
  return packet.id === id && q !== undefined && q.type === type && q.name.toLowerCase().replace(/\.$/, "") === name;
}

export function createUdpMux(now: () => number = () => performance.now()): UdpMux {
  /** The channel new queries go to, per upstream `host:port`. */
  const current = new Map<string, Channel>();
  /** Every open channel, including full ones still waiting for answers. */
  const open = new Set<Channel>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let inFlight = 0;

  const settle = (id: number, p: Pending, outcome: Exchange) => {
    p.channel.pending.delete(id);
    inFlight--;
    p.resolve(outcome);
    retireIfDone(p.channel);
  };

  const retireIfDone = (channel: Channel) => {
    if (channel.pending.size > 0 || channel.closed) return;
    channel.closed = true;
    open.delete(channel);
    for (const [key, c] of current) if (c === channel) current.delete(key);
    channel.socket.close();
  };

  // A connected socket (connect(2)) sends without a per-datagram address lookup and route search, and
  // the kernel drops datagrams from any other peer before they reach us.
  const openChannel = (server: MuxServer): Channel => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? "udp6" : "udp4");
    const connected = new Promise<void>((resolve) => socket.connect(server.port, server.host, () => resolve()));
    const channel: Channel = { socket, connected, pending: new Map(), sent: 0, closed: false };
    open.add(channel);
    socket.on("message", (msg, rinfo) => {
      let packet: DecodedPacket;
      try {
        packet = dnsPacket.decode(msg);
      } catch {
        return;
      }
      const p = packet.id === undefined ? undefined : channel.pending.get(packet.id);
      if (!p || rinfo.port !== p.server.port) return;
      if (isReplyTo(packet, packet.id ?? -1, p.name, p.type)) settle(packet.id ?? -1, p, { packet });
    });
    socket.on("error", (err) => {
      for (const [id, p] of channel.pending) settle(id, p, { error: "network", message: err.message });
      retireIfDone(channel);
    });
    return channel;
  };

  const channelFor = (server: MuxServer): Channel => {
    const key = `${server.host}:${server.port}`;
    const existing = current.get(key);
    if (existing && !existing.closed && existing.sent < DNS_UDP_SOCKET_MAX_QUERIES) return existing;
    // A full channel keeps serving its in-flight queries and closes when they are done.
    const channel = openChannel(server);
    current.set(key, channel);
    return channel;
  };

  /** The one timer: fires at the earliest deadline, expires everything due, re-arms for the next. */
  const arm = (at: number) => {
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(expire, Math.max(0, at - now()));
  };
  const expire = () => {
    timer = undefined;
    timerAt = Infinity;
    const t = now();
    let next = Infinity;
    for (const channel of [...open]) {
      for (const [id, p] of channel.pending) {
        if (p.deadline <= t)
          settle(id, p, { error: "timeout", message: `no answer from ${p.server.host}:${p.server.port} within ${p.timeoutMs} ms` });
        else next = Math.min(next, p.deadline);
      }
    }
    if (next !== Infinity) arm(next);
  };

  return {
    get inFlight() {
      return inFlight;
    },
    exchange(server, name, type, timeoutMs) {
      return new Promise<Exchange>((resolve) => {
        const channel = channelFor(server);
        let id = randomInt(0, DNS_ID_SPACE);
        // Ids must be unique among this socket's in-flight queries, or a reply could match the wrong one.
        while (channel.pending.has(id)) id = (id + 1) % DNS_ID_SPACE;
        const pending: Pending = { name, type, server, deadline: now() + timeoutMs, timeoutMs, channel, resolve };
        channel.pending.set(id, pending);
        channel.sent++;
        inFlight++;
        arm(pending.deadline);
        const query = dnsPacket.encode({ type: "query", id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: "IN" }] });
        const fail = (err: Error) => {
          if (channel.pending.get(id) === pending) settle(id, pending, { error: "network", message: err.message });
        };
        void channel.connected.then(() => {
          if (channel.pending.get(id) !== pending) return;
          channel.socket.send(query, (err) => err && fail(err));
        });
      });
    },
  };
}
