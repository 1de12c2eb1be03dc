/**
 * Syslog receiver for MTA logs: TCP (RFC 6587 octet-counting §3.4.1 and newline framing §3.4.2, told
 * apart per frame by SyslogFrameDecoder) and UDP (RFC 5426, one message per datagram) on one port.
 * Each message names its organization by a syslog token (structured data or APP-NAME prefix, see
 * syslog-line.ts) or, without one, by its peer address when an organization registered it
 * (services/ingest/syslog-sources.ts); lines are buffered per token or address and flushed every second
 * or every 1,000 lines as RawLogBatch rows through acceptLogBatch, the same verb as POST /api/v1/ingest/logs.
 *
 * Syslog has no application-level acknowledgement: lines in the buffer (at most one flush interval)
 * are lost if the process dies. While the database is unreachable the buffer grows to a bound, then the
 * oldest lines are dropped and counted.
 */
import dgram from "node:dgram";
import net from "node:net";

import { type Db } from "@inboxwatch/db";
import {
  acceptLogBatch,
  findOrgBySourceAddress,
  findOrgBySyslogToken,
  normalizeSourceAddress,
  SyslogFrameDecoder,
  syslogFrameToLine,
} from "@inboxwatch/services/ingest/index";

/** Buffered lines are written at least this often: "classified deliveries within seconds". */
export const SYSLOG_FLUSH_INTERVAL_MS = 1_000;
/** …or as soon as one organization has this many lines waiting. */
export const SYSLOG_FLUSH_LINES = 1_000;
/** …or this many bytes: well under the 5 MiB an HTTP batch may carry. */
const SYSLOG_FLUSH_BYTES = 4 * 1024 * 1024;
/** Lines held per token while flushes fail (database down); past this the oldest are dropped. */
const SYSLOG_MAX_BUFFERED_LINES = 200_000;
/** Token/address → organization lookups are cached this long; a rotated token or removed address stops working within it. */
const SYSLOG_TOKEN_CACHE_MS = 60_000;
/** Concurrent TCP connections: one or two per MTA. */
const SYSLOG_MAX_CONNECTIONS = 1_000;
/** Distinct tokens/addresses buffered between flushes: a flood of made-up tokens must not grow memory without bound. */
const SYSLOG_MAX_TOKENS = 1_000;
/** A TCP sender silent this long is disconnected; rsyslog reconnects on its next line. */
const SYSLOG_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** The RawLogBatch source of syslog lines: one correlation stream per organization. */
export const SYSLOG_SOURCE = "syslog";

export interface SyslogReceiverOptions {
  db: Db;
  port: number;
  host: string;
  flushIntervalMs?: number;
  flushLines?: number;
  log?: (message: string) => void;
}

export interface SyslogReceiverStats {
  messages: number;
  /** Messages without a token from an unregistered address, or with a token no organization has. */
  rejected: number;
  framingErrors: number;
  /** Lines dropped because the buffer bound was reached while flushes failed. */
  dropped: number;
  batches: number;
}

export interface RunningSyslogReceiver {
  port: number;
  stats(): SyslogReceiverStats;
  /** Writes every buffered line now (also done on the interval and on stop). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

interface Buffered {
  lines: string[];
  bytes: number;
}

export async function startSyslogReceiver(options: SyslogReceiverOptions): Promise<RunningSyslogReceiver> {
  const log = options.log ?? ((m: string) => console.log(`[syslog] ${m}`));
  const flushLines = options.flushLines ?? SYSLOG_FLUSH_LINES;
  const stats: SyslogReceiverStats = { messages: 0, rejected: 0, framingErrors: 0, dropped: 0, batches: 0 };
  const buffers = new Map<string, Buffered>();
  const orgCache = new Map<string, { orgId: string | null; at: number }>();
  let flushing: Promise<void> = Promise.resolve();

  /** Buffer keys: "t:<token>" or "a:<normalized peer address>" (token-less senders). */
  async function orgFor(key: string): Promise<string | null> {
    const hit = orgCache.get(key);
    if (hit && Date.now() - hit.at < SYSLOG_TOKEN_CACHE_MS) return hit.orgId;
    const value = key.slice(2);
    const orgId = key.startsWith("t:") ? await findOrgBySyslogToken(options.db, value) : await findOrgBySourceAddress(options.db, value);
    orgCache.set(key, { orgId, at: Date.now() });
    return orgId;
  }

  async function writeOut(): Promise<void> {
    const pending = [...buffers.entries()];
    buffers.clear();
    for (const [key, buf] of pending) {
      let orgId: string | null;
      try {
        orgId = await orgFor(key);
      } catch (err) {
        requeue(key, buf);
        log(`organization lookup failed, keeping ${buf.lines.length} lines: ${(err as Error).message}`);
        continue;
      }
      if (!orgId) {
        stats.rejected += buf.lines.length;
        continue;
      }
      try {
        const ctx = { db: options.db, orgId, actor: { type: "SYSTEM" as const, label: "syslog receiver" } };
        await acceptLogBatch(ctx, { source: SYSLOG_SOURCE, format: "auto", text: Buffer.from(`${buf.lines.join("\n")}\n`) });
        stats.batches++;
      } catch (err) {
        requeue(key, buf);
        log(`batch not stored, keeping ${buf.lines.length} lines for the next flush: ${(err as Error).message}`);
      }
    }
  }

  /** Puts lines back in front of what arrived meanwhile, within the bound. */
  function requeue(key: string, buf: Buffered): void {
    const now = buffers.get(key);
    const lines = now ? [...buf.lines, ...now.lines] : buf.lines;
    const excess = lines.length - SYSLOG_MAX_BUFFERED_LINES;
    if (excess > 0) {
      lines.splice(0, excess);
      stats.dropped += excess;
    }
    buffers.set(key, { lines, bytes: lines.reduce((n, l) => n + l.length + 1, 0) });
  }

  function flush(): Promise<void> {
    flushing = flushing.then(writeOut);
    return flushing;
  }

  function onMessage(frame: string, peer: string | undefined): void {
    stats.messages++;
    const { token, line } = syslogFrameToLine(frame);
    // A token names the organization; without one, the sender's address may (if registered).
    const address = token ? null : normalizeSourceAddress(peer ?? "");
    const key = token ? `t:${token}` : address ? `a:${address}` : null;
    if (!key) {
      stats.rejected++;
      return;
    }
    let buf = buffers.get(key);
    if (!buf) {
      if (buffers.size >= SYSLOG_MAX_TOKENS) {
        stats.rejected++;
        return;
      }
      buf = { lines: [], bytes: 0 };
      buffers.set(key, buf);
    }
    buf.lines.push(line);
    buf.bytes += line.length + 1;
    if (buf.lines.length >= flushLines || buf.bytes >= SYSLOG_FLUSH_BYTES) void flush();
  }

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    const decoder = new SyslogFrameDecoder();
    socket.setTimeout(SYSLOG_IDLE_TIMEOUT_MS, () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      const { frames, errors } = decoder.push(chunk);
      stats.framingErrors += errors.length;
      for (const f of frames) onMessage(f, socket.remoteAddress);
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
  });
  tcp.maxConnections = SYSLOG_MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(options.port, options.host, () => resolve());
  });
  const port = (tcp.address() as net.AddressInfo).port;

  const udp = dgram.createSocket(net.isIPv6(options.host) ? "udp6" : "udp4");
  udp.on("message", (msg, rinfo) => onMessage(msg.toString("utf8"), rinfo.address));
  udp.on("error", (err) => log(`udp: ${err.message}`));
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(port, options.host, () => resolve());
    });
  } catch (err) {
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    throw err;
  }

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? SYSLOG_FLUSH_INTERVAL_MS);
  timer.unref();
  log(`listening on ${options.host}:${port} (tcp and udp)`);

  return {
    port,
    stats: () => ({ ...stats }),
    flush,
    async stop() {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const s of sockets) s.end();
      for (const s of sockets) s.destroy();
      await closed;
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      // What arrived before the close is written, not lost.
      await flush();
    },
  };
}
