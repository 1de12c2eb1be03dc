/**
 * Incremental SMTP reply parser with hard caps (RFC 5321 §4.2, §4.5.3.1.5). It copies at most one
 * partial line and one reply's lines out of the socket's chunks, so what it holds never exceeds
 * `maxReplyLineBytes + maxReplyBytes`, however much a peer sends. The first violation latches an error
 * and the parser ignores everything after it; the caller then drops the connection.
 */
import { type SmtpLimits } from "./limits.ts";

/** Replies received before anyone asked (we never pipeline, so more than a few is a broken peer). */
export const PROBE_MAX_QUEUED_REPLIES = 8;

export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code (`5.7.1`) from the first line, when its class matches the reply. */
  enhancedCode: string | null;
  /** Text of each line after `NNN-` / `NNN `. */
  lines: string[];
}

export type ReplyErrorKind = "line_too_long" | "too_many_lines" | "reply_too_large" | "malformed" | "unsolicited";

export interface ReplyParseError {
  kind: ReplyErrorKind;
  message: string;
}

type ParserLimits = Pick<SmtpLimits, "maxReplyLineBytes" | "maxReplyLines" | "maxReplyBytes">;

const LF = 0x0a;
/** RFC 5321 §4.2: three digits, then "-" (more lines follow), " " or end of line (last line). */
const REPLY_LINE = /^([2-5]\d\d)([ -]|$)(.*)$/s;
/** RFC 3463 §2: class.subject.detail; RFC 2034 §4 puts it first in the text. */
const ENHANCED_CODE = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

export function parseEnhancedCode(code: number, text: string): string | null {
  const m = ENHANCED_CODE.exec(text);
  if (!m) return null;
  // A 250 reply carrying "5.0.0" is nonsense; RFC 3463 requires the classes to agree.
  if (Number(m[1]) !== Math.floor(code / 100)) return null;
  return `${m[1]}.${m[2]}.${m[3]}`;
}

export class ReplyParser {
  readonly replies: SmtpReply[] = [];
  error: ReplyParseError | null = null;
  /** Most bytes held at once (partial line + current reply); tests assert it stays under the caps. */
  peakBufferedBytes = 0;

  private partial: Buffer[] = [];
  private partialBytes = 0;
  private lines: string[] = [];
  private code = 0;
  private replyBytes = 0;

  constructor(private readonly limits: ParserLimits) {}

  /** True while a reply has begun but not ended: the window in which the data-rate floor applies. */
  get isMidReply(): boolean {
    return this.partialBytes > 0 || this.lines.length > 0;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.error && start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      const segmentBytes = end - start;
      if (this.partialBytes + segmentBytes > this.limits.maxReplyLineBytes) {
        this.fail("line_too_long", `reply line longer than ${this.limits.maxReplyLineBytes} bytes`);
        return;
      }
      if (lf === -1) {
        // Copy: a subarray would pin the whole (up to 64 KiB) socket chunk in memory.
        this.partial.push(Buffer.from(chunk.subarray(start, end)));
        this.partialBytes += segmentBytes;
        this.track();
        return;
      }
      const line = Buffer.concat([...this.partial, chunk.subarray(start, end)]).toString("utf8");
      this.partial = [];
      this.partialBytes = 0;
      this.acceptLine(line.endsWith("\r") ? line.slice(0, -1) : line);
      start = lf + 1;
    }
  }

  /** Takes the oldest complete reply, if any. */
  shift(): SmtpReply | undefined {
    return this.replies.shift();
  }

  private acceptLine(line: string): void {
    const m = REPLY_LINE.exec(line);
    if (!m) {
      this.fail("malformed", `expected a reply code, got ${JSON.stringify(line.slice(0, 80))}`);
      return;
    }
    const code = Number(m[1]);
    if (this.lines.length > 0 && code !== this.code) {
      this.fail("malformed", `multi-line reply changed code from ${this.code} to ${code}`);
      return;
    }
    this.code = code;
    this.lines.push(m[3] ?? "");
    this.replyBytes += line.length + 2;
    if (this.lines.length > this.limits.maxReplyLines) {
      this.fail("too_many_lines", `reply has more than ${this.limits.maxReplyLines} lines`);
      return;
    }
    if (this.replyBytes > this.limits.maxReplyBytes) {
      this.fail("reply_too_large", `reply larger than ${this.limits.maxReplyBytes} bytes`);
      return;
    }
    this.track();
    if (m[2] === "-") return;
    this.replies.push({ code, enhancedCode: parseEnhancedCode(code, this.lines[0] ?? ""), lines: this.lines });
    this.lines = [];
    this.replyBytes = 0;
    if (this.replies.length > PROBE_MAX_QUEUED_REPLIES) {
      this.fail("unsolicited", `peer sent more than ${PROBE_MAX_QUEUED_REPLIES} replies nobody asked for`);
    }
  }

  private track(): void {
    this.peakBufferedBytes = Math.max(this.peakBufferedBytes, this.partialBytes + this.replyBytes);
  }

  private fail(kind: ReplyErrorKind, message: string): void {
    this.error = { kind, message };
    // Drop what we held: the connection is going away and nothing of it is needed.
    this.partial = [];
    this.partialBytes = 0;
    this.lines = [];
    this.replyBytes = 0;
  }
}
