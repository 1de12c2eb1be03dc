/**
 * The probe's transcript: what was sent and received, with offsets in ms from the probe start.
 * Credentials never enter it: callers pass the redacted form of AUTH commands and SASL payloads,
 * and `redactCommand` is the one place that decides what that form is. Bounded in lines.
 */
export type TranscriptDirection = "C" | "S" | "I";

export interface TranscriptEntry {
  /** C = client sent, S = server sent, I = probe note (connected, TLS up, limit hit). */
  dir: TranscriptDirection;
  atMs: number;
  text: string;
}

export const REDACTED = "[redacted]";

/** RFC 4954 §4: `AUTH <mechanism> [initial-response]`; the response carries the secret. */
export function redactCommand(command: string): string {
  const m = /^(AUTH\s+\S+)(\s+\S+)?/i.exec(command);
  if (!m) return command;
  return m[2] ? `${m[1]} ${REDACTED}` : (m[1] ?? command);
}

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  private dropped = 0;

  constructor(
    private readonly maxLines: number,
    private readonly elapsed: () => number,
  ) {}

  add(dir: TranscriptDirection, text: string): void {
    if (this.entries.length >= this.maxLines) {
      this.dropped += 1;
      return;
    }
    this.entries.push({ dir, atMs: Math.round(this.elapsed()), text });
  }

  /** Reply lines as the server sent them (`250-SIZE 1000`, `250 OK`). */
  addReply(code: number, lines: readonly string[]): void {
    lines.forEach((line, i) => this.add("S", `${code}${i === lines.length - 1 ? " " : "-"}${line}`));
  }

  toJSON(): TranscriptEntry[] {
    if (this.dropped === 0) return this.entries;
    return [
      ...this.entries,
      { dir: "I", atMs: Math.round(this.elapsed()), text: `${this.dropped} transcript lines dropped (limit ${this.maxLines})` },
    ];
  }
}
