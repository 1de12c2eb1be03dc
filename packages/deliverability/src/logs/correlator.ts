/**
 * Joins the lines of one message by queue id across batches and emits one classified DeliveryEvent per
 * delivery attempt. State (messages seen, pending TLS sessions, counters) is plain data: `serialize()`
 * it after a batch, `LogCorrelator.restore()` it before the next, so a message's `from=` and its
 * deliveries may arrive in different requests. Memory is bounded: the oldest messages are evicted.
 */
import { classifyFact } from "../classify/classify-reply.ts";
import { type Classification } from "../classify/types.ts";
import { splitSmtpReply } from "./postfix-reply.ts";
import { providerFor } from "./provider.ts";
import { autoFormat } from "./registry.ts";
import { type DeliveryEvent, type DeliveryStatus, isEngagementCategory, type LineRecord, type LogFormat, type TlsInfo } from "./types.ts";

/** Messages remembered between lines; past this the least recently seen are dropped (a day of a busy MTA fits). */
export const CORRELATOR_MAX_MESSAGES = 200_000;
/**
 * Messages Postfix has removed from its queue, remembered apart for late lines of the same id. Kept out
 * of the main map, they leave the state the next batch restores small: on an outbound relay nearly every
 * message is delivered and removed within seconds, and a state holding the last 200,000 of them was
 * parsed, serialised and gzipped again for every batch.
 */
export const CORRELATOR_MAX_REMOVED = 5_000;
/** TLS sessions waiting for their delivery line; one per concurrent smtp process is enough. */
export const CORRELATOR_MAX_TLS_SESSIONS = 5_000;
/** Unparsed lines kept as a sample for the UI; counting goes on past it. */
export const UNPARSED_SAMPLE_MAX = 50;
/** Characters of one line that are read; longer lines (8 KiB+ is legal in syslog) are cut, never fatal. */
export const LOG_LINE_MAX_CHARS = 64 * 1024;
/** Characters of an unparsed line kept in the sample. */
export const UNPARSED_SAMPLE_LINE_CHARS = 500;
/** Distinct reply texts whose classification is cached; deferrals repeat the same text thousands of times. */
const CLASSIFY_CACHE_MAX = 10_000;
const HIGH_BYTE_RE = /[\x80-\xff]/;

interface MessageInfo {
  sender: string;
  messageId: string;
}

export interface CorrelatorStats {
  lines: number;
  events: number;
  unparsed: number;
  unparsedSample: string[];
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  evictedMessages: number;
}

export interface CorrelatorState {
  version: 1;
  messages: [string, MessageInfo][];
  /** Absent in states written before removed messages were kept apart. */
  removed?: [string, MessageInfo][];
  tls: [string, TlsInfo][];
  stats: CorrelatorStats;
}

export interface CorrelatorOptions {
  format?: LogFormat;
  /** Year for RFC 3164 timestamps; default from `now`. */
  year?: number;
  now?: () => Date;
  maxMessages?: number;
}

function emptyStats(): CorrelatorStats {
  return { lines: 0, events: 0, unparsed: 0, unparsedSample: [], byStatus: {}, byCategory: {}, evictedMessages: 0 };
}

const DELIVERED: Omit<Classification, "replyCode" | "enhancedCode" | "diagnostic"> = {
  category: "delivered",
  reason: "delivered",
  class: "delivered",
  severity: "none",
};

export class LogCorrelator {
  private readonly format: LogFormat;
  private readonly ctx: { year: number };
  private readonly maxMessages: number;
  private messages = new Map<string, MessageInfo>();
  private removed = new Map<string, MessageInfo>();
  private tls = new Map<string, TlsInfo>();
  private stats: CorrelatorStats = emptyStats();
  private cache = new Map<string, Classification>();
  private tail = "";
  /** Bytes after the last newline of the previous chunk: decoded with the next one, so no UTF-8 sequence is split. */
  private pendingBytes: Buffer = Buffer.alloc(0);
  private bytesMode = false;

  constructor(opts: CorrelatorOptions = {}) {
    this.format = opts.format ?? autoFormat;
    this.ctx = { year: opts.year ?? (opts.now ?? (() => new Date()))().getUTCFullYear() };
    this.maxMessages = opts.maxMessages ?? CORRELATOR_MAX_MESSAGES;
  }

  static restore(state: CorrelatorState, opts: CorrelatorOptions = {}): LogCorrelator {
    const c = new LogCorrelator(opts);
    c.messages = new Map(state.messages);
    c.removed = new Map(state.removed ?? []);
    c.tls = new Map(state.tls);
    c.stats = { ...emptyStats(), ...state.stats };
    return c;
  }

  serialize(): CorrelatorState {
    return { version: 1, messages: [...this.messages], removed: [...this.removed], tls: [...this.tls], stats: structuredClone(this.stats) };
  }

  getStats(): CorrelatorStats {
    return structuredClone(this.stats);
  }

  /**
   * Feeds a chunk of a stream (text or bytes; invalid UTF-8 becomes U+FFFD); returns the events of the
   * complete lines in it. Call `end()` after the last chunk for a final line without a newline.
   */
  write(chunk: string | Uint8Array): DeliveryEvent[] {
    const out: DeliveryEvent[] = [];
    if (typeof chunk !== "string") {
      this.writeBytes(chunk, out);
      return out;
    }
    const text = this.tail + chunk;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.pushInto(text.slice(start, end), out);
      start = nl + 1;
    }
    this.tail = text.slice(start);
    // A line that never ends must not grow without bound: cut it and read what we have.
    if (this.tail.length > LOG_LINE_MAX_CHARS) {
      this.pushInto(this.tail, out);
      this.tail = "";
    }
    return out;
  }

  /**
   * Bytes are split at newlines before decoding, so no UTF-8 sequence is ever cut, and lines the format's
   * byte prefilter skips are never decoded. Lines are decoded as latin1 (one byte per char, several times
   * faster than UTF-8); the few strings that end up in events are re-read as UTF-8 in `utf8()`.
   */
  private writeBytes(chunk: Uint8Array, out: DeliveryEvent[]): void {
    this.bytesMode = true;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const skip = this.format.skipBytes;
    let pos = 0;
    if (this.pendingBytes.length > 0) {
      // Only the line cut by the previous chunk is joined; the rest of this chunk is read in place.
      const firstNl = bytes.indexOf(10);
      if (firstNl < 0) {
        bytes = Buffer.concat([this.pendingBytes, bytes]);
      } else {
        const head = Buffer.concat([this.pendingBytes, bytes.subarray(0, firstNl + 1)]);
        this.pendingBytes = Buffer.alloc(0);
        this.writeBytes(head, out);
        pos = firstNl + 1;
      }
    }
    for (let nl = bytes.indexOf(10, pos); nl >= 0; nl = bytes.indexOf(10, pos)) {
      const end = nl > pos && bytes[nl - 1] === 13 ? nl - 1 : nl;
      if (end > pos) {
        if (skip?.(bytes, pos, end)) this.stats.lines++;
        else this.pushInto(bytes.toString("latin1", pos, Math.min(end, pos + LOG_LINE_MAX_CHARS)), out);
      }
      pos = nl + 1;
    }
    this.pendingBytes = Buffer.from(bytes.subarray(pos));
    // A line that never ends must not grow without bound: cut it and read what we have.
    if (this.pendingBytes.length > LOG_LINE_MAX_CHARS) {
      this.pushInto(this.pendingBytes.toString("latin1", 0, LOG_LINE_MAX_CHARS), out);
      this.pendingBytes = Buffer.alloc(0);
    }
  }

  /** A string cut from latin1-decoded bytes, read as the UTF-8 it was. */
  private utf8(s: string): string {
    if (!this.bytesMode || !HIGH_BYTE_RE.test(s)) return s;
    return Buffer.from(s, "latin1").toString("utf8");
  }

  end(): DeliveryEvent[] {
    const out: DeliveryEvent[] = [];
    const rest = this.tail + this.pendingBytes.toString("latin1");
    this.pendingBytes = Buffer.alloc(0);
    this.tail = "";
    if (rest.trim() !== "") this.pushInto(rest, out);
    return out;
  }

  /** Parses one line (no newline) and returns its events (zero or more). */
  push(line: string): DeliveryEvent[] {
    const out: DeliveryEvent[] = [];
    this.pushInto(line, out);
    return out;
  }

  private pushInto(rawLine: string, out: DeliveryEvent[]): void {
    const line = rawLine.length > LOG_LINE_MAX_CHARS ? rawLine.slice(0, LOG_LINE_MAX_CHARS) : rawLine;
    if (line === "") return;
    this.stats.lines++;
    let rec: LineRecord | null;
    try {
      rec = this.format.parseLine(line, this.ctx);
    } catch {
      rec = null;
    }
    if (rec === null) {
      this.stats.unparsed++;
      if (this.stats.unparsedSample.length < UNPARSED_SAMPLE_MAX)
        this.stats.unparsedSample.push(this.utf8(line.slice(0, UNPARSED_SAMPLE_LINE_CHARS)));
      return;
    }
    switch (rec.kind) {
      case "message": {
        const key = `${rec.host}/${rec.queueId}`;
        const m = this.messages.get(key) ?? this.removed.get(key) ?? { sender: "", messageId: "" };
        this.removed.delete(key);
        if (rec.sender !== undefined) m.sender = rec.sender;
        if (rec.messageId !== undefined) m.messageId = rec.messageId;
        this.remember(key, m);
        break;
      }
      case "tls":
        if (this.tls.size >= CORRELATOR_MAX_TLS_SESSIONS) this.tls.delete(this.tls.keys().next().value ?? "");
        this.tls.set(rec.connKey, rec.tls);
        break;
      case "delivery": {
        const key = `${rec.host}/${rec.queueId}`;
        const m = this.messages.get(key) ?? this.removed.get(key);
        if (m && !this.removed.has(key)) this.remember(key, m);
        // Postfix logs the TLS session from the same smtp process (host/program/pid) just before the delivery.
        let tls = rec.partial.tls ?? null;
        if (tls === null && rec.connKey !== undefined && this.tls.size > 0) {
          tls = this.tls.get(rec.connKey) ?? null;
          if (tls) this.tls.delete(rec.connKey);
        }
        const base = { time: rec.time, host: rec.host, queueId: rec.queueId, messageId: m?.messageId ?? "" };
        out.push(this.finish({ ...rec.partial, ...base, sender: rec.partial.sender ?? m?.sender ?? "", tls }, line));
        break;
      }
      case "removed": {
        // Kept a while: Postfix may log a late "removed" before a delayed bounce line of the same id.
        const key = `${rec.host}/${rec.queueId}`;
        const m = this.messages.get(key);
        if (!m) break;
        this.messages.delete(key);
        this.removed.set(key, m);
        if (this.removed.size > CORRELATOR_MAX_REMOVED) this.removed.delete(this.removed.keys().next().value ?? "");
        break;
      }
      case "events":
        for (const e of rec.events) out.push(this.finish(e, line));
        break;
      case "ignored":
        break;
    }
  }

  private remember(key: string, m: MessageInfo): void {
    this.messages.delete(key);
    this.messages.set(key, m);
    while (this.messages.size > this.maxMessages) {
      this.messages.delete(this.messages.keys().next().value ?? "");
      this.stats.evictedMessages++;
    }
  }

  /**
   * `replyCode` is the format's own reading of the reply (Postfix knows where a server's reply starts);
   * undefined lets the text decide: a success text only counts when it starts with a reply code.
   */
  private classify(status: DeliveryStatus, code: string, response: string, replyCode: string | undefined): Classification {
    if (status === "sent")
      return { ...DELIVERED, replyCode: replyCode ?? splitSmtpReply(response).replyCode, enhancedCode: code, diagnostic: response };
    const key = `${status}|${code}|${replyCode ?? ""}|${response}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Least recently used first in Map order: a hit moves to the end.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const c = classifyFact({
      status: code,
      diagnostic: response,
      replyCode,
      diagnosticType: "SMTP",
      action: status === "deferred" ? "delayed" : "failed",
      reason: status === "expired" ? "expired" : undefined,
    });
    if (this.cache.size >= CLASSIFY_CACHE_MAX) this.cache.delete(this.cache.keys().next().value ?? "");
    this.cache.set(key, c);
    return c;
  }

  private finish(p: Partial<DeliveryEvent> & { recipient: string; status: DeliveryStatus }, rawLine: string): DeliveryEvent {
    const raw = this.utf8(rawLine);
    const response = this.utf8(p.response ?? "");
    const c = this.classify(p.status, p.enhancedCode ?? "", response, p.replyCode);
    const recipient = this.utf8(p.recipient).toLowerCase();
    const at = recipient.lastIndexOf("@");
    const recipientDomain = at < 0 ? "" : recipient.slice(at + 1);
    const relayHost = p.relayHost ?? "";
    const engagement = p.eventType !== undefined && isEngagementCategory(p.eventType) ? p.eventType : null;
    const category = engagement ?? (p.status === "expired" ? "expired" : c.category);
    const event: DeliveryEvent = {
      time: p.time ?? null,
      source: p.source ?? this.format.name,
      host: p.host ?? "",
      queueId: p.queueId ?? "",
      messageId: p.messageId ?? "",
      campaign: this.utf8(p.campaign ?? ""),
      variant: this.utf8(p.variant ?? ""),
      sender: this.utf8(p.sender ?? ""),
      recipient,
      recipientDomain,
      origRecipient: this.utf8(p.origRecipient ?? ""),
      status: p.status,
      // A format that read the reply has the last word: "" there means no server replied at all.
      replyCode: p.replyCode ?? c.replyCode,
      enhancedCode: p.enhancedCode || c.enhancedCode,
      category,
      reason: c.reason,
      class: p.status === "sent" ? "delivered" : c.class,
      relayHost,
      relayIp: p.relayIp ?? "",
      relayPort: p.relayPort ?? null,
      delaySeconds: p.delaySeconds ?? null,
      delays: p.delays ?? null,
      tls: p.tls ?? null,
      response,
      provider: providerFor(recipientDomain, relayHost),
      eventType: p.eventType ?? (p.status === "sent" ? "delivered" : p.status),
      machineOpen: p.machineOpen === true,
      raw,
    };
    this.stats.events++;
    this.stats.byStatus[event.status] = (this.stats.byStatus[event.status] ?? 0) + 1;
    this.stats.byCategory[event.category] = (this.stats.byCategory[event.category] ?? 0) + 1;
    return event;
  }
}

/** Parses a whole text in one call (a batch with no state to keep). */
export function parseLog(text: string, opts: CorrelatorOptions = {}): { events: DeliveryEvent[]; stats: CorrelatorStats } {
  const c = new LogCorrelator(opts);
  const events = [...c.write(text), ...c.end()];
  return { events, stats: c.getStats() };
}
