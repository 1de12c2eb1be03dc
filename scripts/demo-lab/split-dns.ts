/**
 * A split-horizon DNS front for the demo lab: questions about the demo zone go to the lab's authoritative
 * server, every other question is relayed unchanged to the upstream resolvers the platform would use
 * without the lab (DNS_SERVERS, else /etc/resolv.conf). The platform's one resolver points here, so the
 * demo's names answer while the user's own domains resolve exactly as before.
 *
 * UDP datagrams are relayed one socket per question; a TCP connection is routed by its first question and
 * then piped as is (the resolver asks one question per connection when it retries a truncated answer).
 */
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";

import dnsPacket from "dns-packet";

export interface DnsEndpoint {
  host: string;
  port: number;
}

export interface SplitDnsOptions {
  /** Where questions about local names go. */
  local: DnsEndpoint;
  isLocal(name: string): boolean;
  /** Where the rest goes; none = those questions get SERVFAIL (the platform reports "could not check"). */
  upstreams: readonly DnsEndpoint[];
  /** 0 = any free port. Bound on 127.0.0.1 for UDP and TCP. */
  port: number;
}

export interface SplitDns {
  port: number;
  address: string;
  close(): Promise<void>;
}

/** A relayed question that gets no answer is dropped after this long (the resolver retries on its own). */
const RELAY_TIMEOUT_MS = 5_000;

/** "host:port", "[v6]:port", "host" (port 53). */
export function parseEndpoint(value: string): DnsEndpoint {
  const v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  if (bracketed) return { host: bracketed[1] ?? "", port: Number(bracketed[2] ?? 53) };
  const colons = v.split(":").length - 1;
  if (colons === 1) {
    const [host = "", port = "53"] = v.split(":");
    return { host, port: Number(port) };
  }
  return { host: v, port: 53 };
}

/** The upstreams the platform would use without the lab. */
export function upstreamsFromEnvironment(dnsServers: string | undefined): DnsEndpoint[] {
  const configured = (dnsServers ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (configured.length > 0) return configured.map(parseEndpoint);
  try {
    return fs
      .readFileSync("/etc/resolv.conf", "utf8")
      .split("\n")
      .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
      .filter((ns): ns is string => Boolean(ns))
      .map((host) => ({ host, port: 53 }));
  } catch {
    return [];
  }
}

function questionName(message: Buffer): string | undefined {
  try {
    return dnsPacket.decode(message).questions?.[0]?.name;
  } catch {
    return undefined;
  }
}

function servfail(query: Buffer): Buffer | undefined {
  try {
    const q = dnsPacket.decode(query);
    return dnsPacket.encode({
      id: q.id,
      type: "response",
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | 2,
      questions: q.questions ?? [],
    });
  } catch {
    return undefined;
  }
}

export async function startSplitDns(options: SplitDnsOptions): Promise<SplitDns> {
  const route = (message: Buffer): DnsEndpoint | undefined => {
    const name = questionName(message);
    if (name === undefined) return undefined;
    return options.isLocal(name) ? options.local : options.upstreams[0];
  };

  const udp = dgram.createSocket("udp4");
  udp.on("message", (query, client) => {
    const target = route(query);
    if (!target) {
      const reply = servfail(query);
      if (reply) udp.send(reply, client.port, client.address);
      return;
    }
    const relay = dgram.createSocket(net.isIPv6(target.host) ? "udp6" : "udp4");
    const timer = setTimeout(() => relay.close(), RELAY_TIMEOUT_MS);
    relay.on("error", () => {
      clearTimeout(timer);
      relay.close();
    });
    relay.once("message", (answer) => {
      clearTimeout(timer);
      relay.close();
      udp.send(answer, client.port, client.address);
    });
    relay.send(query, target.port, target.host);
  });

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 2 || head.length < 2 + head.readUInt16BE(0)) return;
      client.off("data", onData);
      const target = route(head.subarray(2, 2 + head.readUInt16BE(0)));
      if (!target) return void client.destroy();
      const upstream = net.connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      upstream.write(head);
      client.pipe(upstream).pipe(client);
    };
    client.on("data", onData);
  });

  await new Promise<void>((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(options.port, "127.0.0.1", () => resolve());
  });
  const port = udp.address().port;
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => resolve());
  }).catch(async (err: unknown) => {
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    throw err;
  });
  return {
    port,
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
