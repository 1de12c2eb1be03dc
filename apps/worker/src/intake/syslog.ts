/**
 * Syslog receiver for MTA logs: TCP (RFC 6587 octet-counting §3.4.1 and newline framing §3.4.2, told
 * apart per frame by SyslogFrameDecoder) and UDP (RFC 5426, one message per datagram) on one port.
 * Each message names its organization by a syslog token (structured data or APP-NAME prefix, see
 * syslog-line.ts) or, without one, by its peer address when an organization registered it and proved
 * control of it (services/ingest/syslog-sources.ts): a tokened line over TCP from a claimed address is
 * that proof (syslog-source-proof.ts). Lines are buffered per token or address and flushed every second
 * or every 1,000 lines as RawLogBatch rows through acceptLogBatch, the same verb as POST /api/v1/ingest/logs.
 *
 * Syslog has no application-level acknowledgement: lines in the buffer (at most one flush interval)
 * are lost if the process dies. While the database is unreachable the buffer grows to a bound, then the
 * oldest lines are dropped and counted.
 */
import dgram from "node:dgram";
import net from "node:net";

import { type Db } from "@inboxwatch/db";
import { forOrg, systemContext } from "@inboxwatch/services";
import {
  acceptLogBatch,
  findOrgBySyslogToken,
  findSourceAddressOwner,
  normalizeSourceAddress,
  proveSyslogSourceByLine,
  SYSLOG_TOKEN_RE,
  SyslogFrameDecoder,
  syslogFrameToLine,
} from "@inboxwatch/services/ingest";

/** Buffered lines are written at least this often: "classified deliveries within seconds". */
export const SYSLOG_FLUSH_INTERVAL_MS = 1_000;
/** …or as soon as one organization has this many lines waiting. */
export const SYSLOG_FLUSH_LINES = 1_000;
/** …or this many bytes: well under the 5 MiB an HTTP batch may carry. */
const SYSLOG_FLUSH_BYTES = 4 * 1024 * 1024;
/** Lines held per token while flushes fail (database down); past this the oldest are dropped. */
const SYSLOG_MAX_BUFFERED_LINES = 200_000;
/**
 * Token/address → organization lookups are cached this long; a rotated token or removed address stops
 * working within it. So is "this token's organization has no claim waiting on this address", so a claim
 * added after its MTA's tokened lines started is proven within it.
 */
const SYSLOG_TOKEN_CACHE_MS = 60_000;
/** Concurrent TCP connections: one or two per MTA. */
const SYSLOG_MAX_CONNECTIONS = 1_000;
/** Distinct tokens/addresses buffered between flushes: a flood of made-up tokens must not grow memory without bound. */
const SYSLOG_MAX_TOKENS = 1_000;
/** Distinct (token, TCP peer) pairs checked as proofs per flush; the rest are seen again on later lines. */
const SYSLOG_MAX_PROOFS_PER_FLUSH = 1_000;
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
  /** Messages without a token from an address nobody verified, or with a token no organization has. */
  rejected: number;
  /** Of the rejected: token-less messages from an address some organization claimed but has not proven. */
  unverified: number;
  /** Claims on source addresses verified by a tokened TCP line. */
  verifiedSources: number;
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
  const stats: SyslogReceiverStats = {
    messages: 0,
    rejected: 0,
    unverified: 0,
    framingErrors: 0,
    dropped: 0,
    batches: 0,
    verifiedSources: 0,
  };
  const buffers = new Map<string, Buffered>();
  const orgCache = new Map<string, { orgId: string | null; unverifiedClaim: boolean; at: number }>();
  /** "<token> <address>" of tokened lines that arrived over TCP since the last flush: candidate proofs. */
  let proofs = new Set<string>();
  /** "<orgId> <address>" pairs checked for a waiting claim, and when. */
  const proofChecked = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();

  /** Buffer keys: "t:<token>" or "a:<normalized peer address>" (token-less senders). */
  async function ownerFor(key: string): Promise<{ orgId: string | null; unverifiedClaim: boolean }> {
    const hit = orgCache.get(key);
    if (hit && Date.now() - hit.at < SYSLOG_TOKEN_CACHE_MS) return hit;
    const value = key.slice(2);
    const owner = key.startsWith("t:")
      ? { orgId: await findOrgBySyslogToken(systemContext(options.db, "syslog receiver"), { token: value }), unverifiedClaim: false }
      : await findSourceAddressOwner(systemContext(options.db, "syslog receiver"), { peer: value });
    if (owner.unverifiedClaim) log(`token-less lines from ${value} are dropped: the address is claimed but not verified yet`);
    orgCache.set(key, { ...owner, at: Date.now() });
    return owner;
  }

  /** Verifies waiting claims proven by the tokened TCP lines of this flush; a lookup failure only delays a proof. */
  async function checkProofs(): Promise<void> {
    const candidates = [...proofs];
    proofs = new Set();
    const now = Date.now();
    for (const [k, at] of proofChecked) if (now - at >= SYSLOG_TOKEN_CACHE_MS) proofChecked.delete(k);
    for (const candidate of candidates) {
      const cut = candidate.indexOf(" ");
      const token = candidate.slice(0, cut);
      const address = candidate.slice(cut + 1);
      try {
        const { orgId } = await ownerFor(`t:${token}`);
        if (!orgId || proofChecked.has(`${orgId} ${address}`)) continue;
        proofChecked.set(`${orgId} ${address}`, now);
        const outcome = await proveSyslogSourceByLine(systemContext(options.db, "syslog receiver"), { orgId, peer: address });
        if (outcome === "verified") {
          stats.verifiedSources++;
          // Its token-less lines are the prover's from this flush on, not after the cache expires.
          orgCache.delete(`a:${address}`);
          log(`source address ${address} verified for organization ${orgId}`);
        } else if (outcome === "refused")
          log(`source address ${address}: organization ${orgId}'s claim refused, another organization verified it first`);
      } catch (err) {
        log(`source address proof from ${address} not checked: ${(err as Error).message}`);
      }
    }
  }

  async function writeOut(): Promise<void> {
    // Proofs first, so token-less lines that arrived with the proof already go to the prover.
    await checkProofs();
    const pending = [...buffers.entries()];
    buffers.clear();
    for (const [key, buf] of pending) {
      let orgId: string | null;
      try {
        const owner = await ownerFor(key);
        orgId = owner.orgId;
        if (owner.unverifiedClaim) stats.unverified += buf.lines.length;
      } catch (err) {
        requeue(key, buf);
        log(`organization lookup failed, keeping ${buf.lines.length} lines: ${(err as Error).message}`);
        continue;
      }
      if (!orgId) {
        // Dropped like lines from an unknown source: an unproven claim gets nothing.
        stats.rejected += buf.lines.length;
        continue;
      }
      try {
        const ctx = forOrg(systemContext(options.db, "syslog receiver"), orgId);
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

  function onMessage(frame: string, peer: string | undefined, transport: "tcp" | "udp"): void {
    stats.messages++;
    const { token, line } = syslogFrameToLine(frame);
    // A tokened line over TCP may prove its organization's claim on the peer address (never UDP: forgeable).
    if (token && transport === "tcp" && SYSLOG_TOKEN_RE.test(token) && proofs.size < SYSLOG_MAX_PROOFS_PER_FLUSH) {
      const from = normalizeSourceAddress(peer ?? "");
      if (from) proofs.add(`${token} ${from}`);
    }
    // A token names the organization; without one, the sender's address may (if registered and verified).
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
      for (const f of frames) onMessage(f, socket.remoteAddress, "tcp");
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
  udp.on("message", (msg, rinfo) => onMessage(msg.toString("utf8"), rinfo.address, "udp"));
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
