/**
 * Postfix log lines (smtp, lmtp, local, virtual, pipe, error, bounce, qmgr, cleanup, pickup, smtpd):
 * `QUEUEID: to=<r>, orig_to=<o>, relay=host[ip]:port, delay=N, delays=a/b/c/d, dsn=X.Y.Z, status=S (text)`,
 * `QUEUEID: from=<s>, size=N, nrcpt=N (queue active)`, `QUEUEID: message-id=<id>`, `QUEUEID: removed`,
 * and `… TLS connection established to host[ip]:port: TLSv1.3 with cipher …`. Field access is indexOf
 * based: no backtracking regex runs on the hot path.
 */
import { parsePostfixReply } from "./postfix-reply.ts";
import { isoTime, parseSyslogPrefix } from "./timestamp.ts";
import { type DeliveryStatus, type LineRecord, type LogFormat, type ParseContext, type TlsInfo } from "./types.ts";

/** Postfix queue ids: 5+ hex digits (short ids) or 10+ base-52 characters (enable_long_queue_ids). */
const QUEUE_ID_MIN_CHARS = 5;
const QUEUE_ID_MAX_CHARS = 20;

function isQueueId(s: string): boolean {
  if (s.length < QUEUE_ID_MIN_CHARS || s.length > QUEUE_ID_MAX_CHARS) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) return false;
  }
  return true;
}

/** The value of `key=` in a Postfix "k=v, k=v" list, or "" when absent. */
export function field(s: string, key: string): string {
  let at = s.indexOf(`${key}=`);
  while (at > 0 && s.charCodeAt(at - 1) !== 32) at = s.indexOf(`${key}=`, at + 1);
  if (at < 0) return "";
  const start = at + key.length + 1;
  const end = s.indexOf(", ", start);
  return s.slice(start, end < 0 ? s.length : end);
}

function unbracket(v: string): string {
  return v.length >= 2 && v.charCodeAt(0) === 60 && v.charCodeAt(v.length - 1) === 62 ? v.slice(1, -1) : v;
}

/** "mx.example.com[192.0.2.1]:25" → host, ip, port; "none", "local" and "dovecot" have no address. */
export function splitRelay(relay: string): { host: string; ip: string; port: number | null } {
  const br = relay.indexOf("[");
  if (br < 0) return { host: relay, ip: "", port: null };
  const close = relay.indexOf("]", br);
  const portStr = close >= 0 && relay.charCodeAt(close + 1) === 58 ? relay.slice(close + 2) : "";
  return { host: relay.slice(0, br), ip: relay.slice(br + 1, close < 0 ? relay.length : close), port: portStr ? Number(portStr) : null };
}

function parseDelays(v: string) {
  if (v === "") return null;
  const p = v.split("/");
  if (p.length !== 4) return null;
  const n = p.map(Number);
  if (n.some((x) => Number.isNaN(x))) return null;
  return { beforeQueue: n[0] ?? 0, inQueue: n[1] ?? 0, connSetup: n[2] ?? 0, transmission: n[3] ?? 0 };
}

const TLS_MARK = " TLS connection established ";
/** RFC 3463 §2: class.subject.detail, as in `dsn=5.1.1`. */
const ENHANCED_CODE_RE = /^[245]\.\d{1,3}\.\d{1,3}$/;

/**
 * Daemons whose lines never describe a delivery or a queued message (inbound sessions, screening,
 * caches, bookkeeping). They are most of a busy server's log, so they are skipped before any parsing.
 */
const SKIPPED_DAEMONS: ReadonlySet<string> = new Set([
  "smtpd",
  "postscreen",
  "dnsblog",
  "anvil",
  "tlsproxy",
  "scache",
  "verify",
  "master",
  "tlsmgr",
  "postfix-script",
  "pickup",
  "trivial-rewrite",
  "proxymap",
  "sendmail",
  "postdrop",
  "postsuper",
  "postmap",
  "showq",
  "flush",
  "spawn",
]);

function parseTls(msg: string): { tls: TlsInfo; peer: string } | null {
  const at = msg.indexOf(TLS_MARK);
  if (at < 0) return null;
  const trust = msg.slice(0, at);
  const rest = msg.slice(at + TLS_MARK.length);
  // "to host[ip]:25: TLSv1.3 with cipher NAME (256/256 bits)…" or "from host[ip]: …"
  const sep = rest.indexOf(": ");
  const peer = rest.slice(rest.indexOf(" ") + 1, sep < 0 ? rest.length : sep);
  const after = sep < 0 ? "" : rest.slice(sep + 2);
  const sp = after.indexOf(" ");
  const protocol = sp < 0 ? after : after.slice(0, sp);
  const cAt = after.indexOf("with cipher ");
  const cipher = cAt < 0 ? "" : (after.slice(cAt + 12).split(" ")[0] ?? "");
  return { tls: { trust, protocol, cipher }, peer };
}

/**
 * Reads a Postfix message (the part after "postfix/<daemon>[pid]: ") into a record. `time` is a function
 * so that the timestamp is only converted for the few lines that become records.
 */
export function parsePostfixMessage(msg: string, timeOf: () => string | null, host: string, connKey: string): LineRecord | null {
  const colon = msg.indexOf(": ");
  if (colon < 0) {
    const tls = parseTls(msg);
    return tls ? { kind: "tls", time: null, host, connKey, tls: tls.tls, peerHost: tls.peer } : null;
  }
  const head = msg.slice(0, colon);
  if (!isQueueId(head)) {
    if (head === "NOQUEUE") return { kind: "ignored" };
    const tls = parseTls(msg);
    if (tls) return { kind: "tls", time: null, host, connKey, tls: tls.tls, peerHost: tls.peer };
    return null;
  }
  const queueId = head;
  const rest = msg.slice(colon + 2);
  if (rest.startsWith("to=")) {
    const statusRaw = field(rest, "status");
    const sp = statusRaw.indexOf(" ");
    const statusWord = sp < 0 ? statusRaw : statusRaw.slice(0, sp);
    const status: DeliveryStatus | null =
      statusWord === "sent" || statusWord === "deferred" || statusWord === "bounced" || statusWord === "expired" ? statusWord : null;
    if (status === null) return { kind: "ignored" };
    const open = rest.indexOf("(", rest.indexOf("status="));
    const response = open < 0 ? "" : rest.slice(open + 1, rest.endsWith(")") ? rest.length - 1 : rest.length);
    const relay = splitRelay(field(rest, "relay"));
    const delay = field(rest, "delay");
    // The server's codes come from its reply, never from Postfix's framing ("host x[142.…] said:").
    const reply = parsePostfixReply(response);
    const dsn = field(rest, "dsn");
    return {
      kind: "delivery",
      time: timeOf(),
      host,
      queueId,
      connKey,
      partial: {
        recipient: unbracket(field(rest, "to")),
        origRecipient: unbracket(field(rest, "orig_to")),
        status,
        relayHost: relay.host,
        relayIp: relay.ip,
        relayPort: relay.port,
        delaySeconds: delay === "" ? null : Number(delay),
        delays: parseDelays(field(rest, "delays")),
        // dsn= is Postfix's verdict (it is the server's enhanced code when the server sent one).
        enhancedCode: ENHANCED_CODE_RE.test(dsn) ? dsn : reply.enhancedCode,
        replyCode: reply.replyCode,
        response,
      },
    };
  }
  if (rest.startsWith("from=<")) {
    const sender = unbracket(field(rest, "from"));
    // qmgr: "from=<s>, status=expired, returned to sender" ends the message without a per-recipient line.
    if (rest.includes("status=expired")) {
      return {
        kind: "delivery",
        time: timeOf(),
        host,
        queueId,
        partial: { recipient: "", sender, status: "expired", replyCode: "", response: "returned to sender" },
      };
    }
    const size = field(rest, "size");
    return { kind: "message", time: null, host, queueId, sender, size: size === "" ? undefined : Number(size) };
  }
  if (rest.startsWith("message-id=")) return { kind: "message", time: null, host, queueId, messageId: unbracket(rest.slice(11).trim()) };
  if (rest === "removed") return { kind: "removed", time: null, host, queueId };
  // client=, uid=, sender non-delivery notification, warning:, hold:, … are Postfix lines we do not need.
  return { kind: "ignored" };
}

/** "postfix" as bytes, compared in place so no string is made for the lines we skip. */
const POSTFIX_TAG: readonly number[] = [...Buffer.from("postfix")];
/** SKIPPED_DAEMONS as byte arrays grouped by length: a line's daemon name is compared only with same-length names. */
const SKIPPED_BY_LENGTH: readonly (readonly (readonly number[])[])[] = (() => {
  const byLength: number[][][] = [];
  for (const name of SKIPPED_DAEMONS) (byLength[name.length] ??= []).push([...Buffer.from(name)]);
  return byLength;
})();

function bytesEqual(b: Buffer, at: number, want: readonly number[]): boolean {
  for (let i = 0; i < want.length; i++) if (b[at + i] !== want[i]) return false;
  return true;
}

/** Index of `byte` in b[from, end), or -1: a plain loop, cheaper than Buffer#indexOf's argument checks for a few bytes. */
function byteAt(b: Buffer, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === byte) return i;
  return -1;
}

/** Byte-level: is this a syslog line of a Postfix daemon in SKIPPED_DAEMONS? Mirrors parseSyslogPrefix. */
function isSkippedDaemonLine(b: Buffer, start: number, end: number): boolean {
  const c0 = b[start] ?? 0;
  const tsEnd = c0 >= 48 && c0 <= 57 ? byteAt(b, 32, start, end) : start + 15;
  if (tsEnd < 0 || tsEnd >= end || b[tsEnd] !== 32) return false;
  const hostEnd = byteAt(b, 32, tsEnd + 1, end);
  if (hostEnd < 0) return false;
  const tagStart = hostEnd + 1;
  if (tagStart + 7 > end || !bytesEqual(b, tagStart, POSTFIX_TAG)) return false;
  const tagEnd = byteAt(b, 91, tagStart, end); // "["
  if (tagEnd < 0) return false;
  let slash = tagEnd - 1;
  while (slash > tagStart && b[slash] !== 47) slash--;
  const candidates = SKIPPED_BY_LENGTH[tagEnd - slash - 1];
  if (!candidates) return false;
  for (const name of candidates) if (bytesEqual(b, slash + 1, name)) return true;
  return false;
}

export const postfixFormat: LogFormat = {
  name: "postfix",
  skipBytes: isSkippedDaemonLine,
  parseLine(line: string, ctx: ParseContext): LineRecord | null {
    const prefix = parseSyslogPrefix(line, ctx.year);
    if (!prefix || !prefix.program.startsWith("postfix")) return null;
    const daemon = prefix.program.slice(prefix.program.lastIndexOf("/") + 1);
    if (SKIPPED_DAEMONS.has(daemon)) return { kind: "ignored" };
    // Postfix lines we do not read (postscreen, anvil, dnsblog, connect/disconnect…) are known, not garbage.
    return (
      parsePostfixMessage(
        line.slice(prefix.msgStart),
        () => isoTime(prefix.rawTime, ctx.year),
        prefix.host,
        `${prefix.host}/${prefix.program}/${prefix.pid}`,
      ) ?? {
        kind: "ignored",
      }
    );
  },
};
