/**
 * Real peers on 127.0.0.1:0 for the probe's tests and benchmark: smtp-server instances, scripted raw
 * `net` servers that misbehave on purpose, self-signed certificates, a loopback-only egress policy and
 * a fake resolver. Every server is closed by its `close()`, live sockets included.
 */
import net from "node:net";

import selfsigned from "selfsigned";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

import { parseAllowlist, type EgressPolicy } from "../net/egress-guard.ts";
import { type SmtpLimits } from "./limits.ts";
import { type ProbeResolver } from "./resolve-target.ts";

export const LOOPBACK_POLICY: EgressPolicy = { allow: parseAllowlist("127.0.0.0/8") };
export const CLOSED_POLICY: EgressPolicy = { allow: [] };

/** Limits small enough that every hostile case ends in well under a second or two. */
export const FAST_LIMITS: Partial<SmtpLimits> = {
  connectTimeoutMs: 1_000,
  bannerTimeoutMs: 1_500,
  commandTimeoutMs: 1_500,
  tlsHandshakeTimeoutMs: 1_500,
  quitTimeoutMs: 500,
  hardTimeoutMs: 5_000,
  dnsTimeoutMs: 500,
  rateWindowMs: 300,
  minBytesPerSecond: 64,
};

export interface TestCertificate {
  key: string;
  cert: string;
}

/** Self-signed RSA certificate for `commonName`, with SANs DNS:localhost and IP:127.0.0.1. */
export function makeCertificate(commonName = "localhost", days = 30): TestCertificate {
  const pems = selfsigned.generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    days,
    algorithm: "sha256",
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export interface RunningPeer {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

export async function startSmtpServer(options: SMTPServerOptions): Promise<RunningPeer & { server: SMTPServer }> {
  const server = new SMTPServer({ logger: false, disableReverseLookup: true, ...options });
  // Client misbehaviour (failed handshakes, resets) surfaces here; the probe's result is what tests check.
  server.on("error", () => {});
  const port = await listen(server.server);
  return {
    port,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A raw TCP peer whose behaviour the test scripts per connection. */
export async function startRawPeer(onConnection: (socket: net.Socket) => void): Promise<RunningPeer & { connections: number }> {
  const sockets = new Set<net.Socket>();
  const peer = { port: 0, connections: 0, close: async () => {} };
  const server = net.createServer((socket) => {
    peer.connections += 1;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  peer.port = await listen(server);
  peer.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return peer;
}

/**
 * A line-based scripted SMTP peer: sends `banner`, then answers each command line with `reply(line)`
 * (a string to write, null to say nothing, or CLOSE to hang up).
 */
export const CLOSE = Symbol("close");
export function scriptedPeer(
  banner: string | null,
  reply: (line: string, socket: net.Socket) => string | null | typeof CLOSE,
): Promise<RunningPeer & { connections: number }> {
  return startRawPeer((socket) => {
    if (banner !== null) socket.write(banner);
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      let lf;
      while ((lf = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, lf).replace(/\r$/, "");
        buffered = buffered.slice(lf + 1);
        const answer = reply(line, socket);
        if (answer === CLOSE) socket.destroy();
        else if (answer !== null && !socket.destroyed) socket.write(answer);
      }
    });
  });
}

/** Resolver answering from a table; MX given as "pref exchange" strings; anything else is ENOTFOUND. */
export function fakeResolver(table: {
  mx?: Record<string, string[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
}): ProbeResolver & { queries: string[] } {
  const queries: string[] = [];
  const notFound = (name: string): Error => Object.assign(new Error(`queryX ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  const noData = (name: string): Error => Object.assign(new Error(`queryX ENODATA ${name}`), { code: "ENODATA" });
  const known = (name: string): boolean => Boolean(table.mx?.[name] ?? table.a?.[name] ?? table.aaaa?.[name]);
  return {
    queries,
    async resolveMx(name) {
      queries.push(`MX ${name}`);
      const records = table.mx?.[name];
      if (!records) throw known(name) ? noData(name) : notFound(name);
      return records.map((r) => {
        const [priority = "0", exchange = ""] = r.split(" ");
        return { priority: Number(priority), exchange: exchange === "." ? "" : exchange };
      });
    },
    async resolve4(name) {
      queries.push(`A ${name}`);
      const records = table.a?.[name];
      if (!records) throw known(name) ? noData(name) : notFound(name);
      return records;
    },
    async resolve6(name) {
      queries.push(`AAAA ${name}`);
      const records = table.aaaa?.[name];
      if (!records) throw known(name) ? noData(name) : notFound(name);
      return records;
    },
  };
}
