/**
 * Syslog message parsing (RFC 5424 with structured data, RFC 3164 BSD format) and TCP framing
 * (RFC 6587: octet-counting §3.4.1 and non-transparent newline framing §3.4.2) as an incremental decoder.
 */

/** RFC 5425 §4.3.1 requires receivers to take 2048 octets and SHOULD take 8192; we allow more for long Postfix lines. */
export const SYSLOG_MAX_FRAME_BYTES = 64 * 1024;

export interface SyslogMessage {
  facility: number | null;
  severity: number | null;
  /** 1 for RFC 5424, 0 for RFC 3164. */
  version: number;
  time: string | null;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  /** RFC 5424 §6.3: SD-ID → param name → value. */
  structuredData: Record<string, Record<string, string>>;
  message: string;
}

const NIL = "-";

function parsePri(s: string): { pri: number | null; rest: string } {
  if (s[0] !== "<") return { pri: null, rest: s };
  const end = s.indexOf(">");
  if (end < 2 || end > 4) return { pri: null, rest: s };
  const pri = Number(s.slice(1, end));
  return { pri: Number.isInteger(pri) && pri <= 191 ? pri : null, rest: s.slice(end + 1) };
}

/** RFC 5424 §6.3 STRUCTURED-DATA at the start of `s`; returns the data and the text after it. */
function parseStructuredData(s: string): { sd: SyslogMessage["structuredData"]; rest: string } {
  const sd: SyslogMessage["structuredData"] = {};
  if (s.startsWith(NIL)) return { sd, rest: s.slice(2) };
  let i = 0;
  while (s[i] === "[") {
    let j = i + 1;
    while (j < s.length && s[j] !== " " && s[j] !== "]") j++;
    const id = s.slice(i + 1, j);
    const params: Record<string, string> = {};
    while (s[j] === " ") {
      const eq = s.indexOf("=", j);
      if (eq < 0 || s[eq + 1] !== '"') return { sd, rest: s.slice(j) };
      const name = s.slice(j + 1, eq);
      let k = eq + 2;
      let value = "";
      // PARAM-VALUE escapes '"', '\' and ']' with a backslash (§6.3.3).
      while (k < s.length && s[k] !== '"') {
        if (s[k] === "\\" && k + 1 < s.length && '"\\]'.includes(s[k + 1] ?? "")) k++;
        value += s[k];
        k++;
      }
      params[name] = value;
      j = k + 1;
    }
    sd[id] = params;
    i = s[j] === "]" ? j + 1 : j;
  }
  return { sd, rest: s[i] === " " ? s.slice(i + 1) : s.slice(i) };
}

function splitWords(s: string, n: number): { words: string[]; rest: string } {
  const words: string[] = [];
  let pos = 0;
  for (let k = 0; k < n; k++) {
    const sp = s.indexOf(" ", pos);
    if (sp < 0) {
      words.push(s.slice(pos));
      return { words, rest: "" };
    }
    words.push(s.slice(pos, sp));
    pos = sp + 1;
  }
  return { words, rest: s.slice(pos) };
}

/** Parses one syslog message; RFC 5424 when the PRI is followed by a version digit, RFC 3164 otherwise. */
export function parseSyslogMessage(input: string, opts: { year?: number } = {}): SyslogMessage {
  const { pri, rest } = parsePri(input.replace(/\r?\n$/, ""));
  const facility = pri === null ? null : pri >> 3;
  const severity = pri === null ? null : pri & 7;
  if (/^[1-9] /.test(rest)) {
    const { words, rest: afterHeader } = splitWords(rest, 6);
    const [version, ts, hostname, appName, procId, msgId] = words.map((w) => (w === NIL ? "" : w));
    const ms = ts ? Date.parse(ts) : NaN;
    const { sd, rest: msg } = parseStructuredData(afterHeader);
    return {
      facility,
      severity,
      version: Number(version),
      time: Number.isNaN(ms) ? null : new Date(ms).toISOString(),
      hostname: hostname ?? "",
      appName: appName ?? "",
      procId: procId ?? "",
      msgId: msgId ?? "",
      structuredData: sd,
      message: msg.startsWith("\uFEFF") ? msg.slice(1) : msg,
    };
  }
  // RFC 3164 §4.1.2: "Mmm dd hh:mm:ss HOSTNAME TAG[pid]: MSG".
  const m = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\S+) ([^:[\s]+)(?:\[([^\]]*)\])?: ?/.exec(rest);
  if (!m)
    return {
      facility,
      severity,
      version: 0,
      time: null,
      hostname: "",
      appName: "",
      procId: "",
      msgId: "",
      structuredData: {},
      message: rest,
    };
  const year = opts.year ?? new Date().getUTCFullYear();
  const ms = Date.parse(`${m[1]} ${(m[2] ?? "").trim()} ${year} ${m[3]} UTC`);
  return {
    facility,
    severity,
    version: 0,
    time: Number.isNaN(ms) ? null : new Date(ms).toISOString(),
    hostname: m[4] ?? "",
    appName: m[5] ?? "",
    procId: m[6] ?? "",
    msgId: "",
    structuredData: {},
    message: rest.slice(m[0].length),
  };
}

/** Re-renders a parsed message as the classic "time host app[pid]: msg" line the log formats read. */
export function toLogLine(m: SyslogMessage): string {
  const tag = m.procId ? `${m.appName}[${m.procId}]` : m.appName;
  return `${m.time ?? new Date(0).toISOString()} ${m.hostname || "-"} ${tag}: ${m.message}`;
}

export type FrameResult = { frames: string[]; errors: string[] };

/**
 * Incremental RFC 6587 decoder for one TCP connection. Each chunk may hold parts of frames; frames are
 * octet-counted ("LEN SP MSG") when they start with a digit, newline-terminated otherwise. A frame over
 * `maxFrameBytes` is reported as an error and skipped; the connection can go on.
 */
export class SyslogFrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private skipBytes = 0;
  private skipToNewline = false;

  constructor(private readonly maxFrameBytes = SYSLOG_MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): FrameResult {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const frames: string[] = [];
    const errors: string[] = [];
    for (;;) {
      if (this.skipBytes > 0) {
        const n = Math.min(this.skipBytes, this.buf.length);
        this.buf = this.buf.subarray(n);
        this.skipBytes -= n;
        if (this.skipBytes > 0) break;
      }
      if (this.skipToNewline) {
        const nl = this.buf.indexOf(10);
        if (nl < 0) {
          this.buf = Buffer.alloc(0);
          break;
        }
        this.buf = this.buf.subarray(nl + 1);
        this.skipToNewline = false;
      }
      if (this.buf.length === 0) break;
      const c = this.buf[0] ?? 0;
      if (c >= 49 && c <= 57) {
        // Octet counting: MSG-LEN is a non-zero digit followed by digits (RFC 6587 §3.4.1).
        const sp = this.buf.indexOf(32);
        if (sp < 0) {
          if (this.buf.length > 10) {
            errors.push("invalid octet count");
            this.skipToNewline = true;
            continue;
          }
          break;
        }
        const len = Number(this.buf.subarray(0, sp).toString("latin1"));
        if (!Number.isInteger(len)) {
          errors.push("invalid octet count");
          this.skipToNewline = true;
          continue;
        }
        if (len > this.maxFrameBytes) {
          errors.push(`frame of ${len} bytes exceeds ${this.maxFrameBytes}`);
          this.buf = this.buf.subarray(sp + 1);
          this.skipBytes = len;
          continue;
        }
        if (this.buf.length < sp + 1 + len) break;
        frames.push(this.buf.subarray(sp + 1, sp + 1 + len).toString("utf8"));
        this.buf = this.buf.subarray(sp + 1 + len);
        continue;
      }
      const nl = this.buf.indexOf(10);
      if (nl < 0) {
        if (this.buf.length > this.maxFrameBytes) {
          errors.push(`frame exceeds ${this.maxFrameBytes} bytes without a newline`);
          this.buf = Buffer.alloc(0);
          this.skipToNewline = true;
        }
        break;
      }
      if (nl > this.maxFrameBytes) errors.push(`frame exceeds ${this.maxFrameBytes} bytes`);
      else {
        const end = nl > 0 && this.buf[nl - 1] === 13 ? nl - 1 : nl;
        if (end > 0) frames.push(this.buf.subarray(0, end).toString("utf8"));
      }
      this.buf = this.buf.subarray(nl + 1);
    }
    return { frames, errors };
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buf.length;
  }
}
