/**
 * One SMTP connection: writes commands, reads replies through the capped ReplyParser, and turns every
 * way a peer can misbehave into a value (timeout, closed, protocol) instead of an exception or a hang.
 *
 * Deadlines: each read gets min(phase timeout, time left before the probe's hard deadline). Once a reply
 * has started arriving, the peer must also keep up `minBytesPerSecond` over each `rateWindowMs`, so a
 * peer trickling one byte a second fails in one window instead of holding the probe for the full phase.
 */
import type net from "node:net";
import type tls from "node:tls";

import { type SocketDialer } from "../net/pinned-dialer.ts";
import { type SmtpLimits } from "./limits.ts";
import { ReplyParser, type SmtpReply } from "./reply-parser.ts";
import { type Transcript } from "./transcript.ts";

export type SessionFailure = { kind: "timeout" | "closed" | "protocol"; message: string };
export type ReadOutcome = { ok: true; reply: SmtpReply } | { ok: false; failure: SessionFailure };

export interface MonotonicClock {
  /** Milliseconds from an arbitrary origin, never going backwards (performance.now()). */
  now(): number;
}

const ignoreError = (): void => {};

export class SmtpSession {
  bytesRead = 0;
  bytesWritten = 0;
  peakBufferedBytes = 0;

  private parser: ReplyParser;
  private closedMessage: string | null = null;
  private waiter: (() => void) | null = null;
  private rateFailure: string | null = null;
  private rateTimer: NodeJS.Timeout | null = null;
  private windowStart = 0;
  private windowBytes = 0;
  private midReply = false;

  constructor(
    private socket: net.Socket,
    private readonly limits: SmtpLimits,
    private readonly clock: MonotonicClock,
    private readonly transcript: Transcript,
    /** Absolute clock time at which the whole probe must end. */
    private readonly deadlineAt: number,
  ) {
    this.parser = new ReplyParser(limits);
    this.attach(socket);
  }

  get isSecure(): boolean {
    return "encrypted" in this.socket;
  }

  send(line: string, shown: string = line): void {
    this.transcript.add("C", shown);
    const wire = `${line}\r\n`;
    this.bytesWritten += Buffer.byteLength(wire);
    if (!this.socket.destroyed) this.socket.write(wire);
  }

  async command(line: string, timeoutMs: number, shown: string = line): Promise<ReadOutcome> {
    this.send(line, shown);
    return this.readReply(timeoutMs);
  }

  readReply(timeoutMs: number): Promise<ReadOutcome> {
    return new Promise((resolve) => {
      const started = this.clock.now();
      const left = this.deadlineAt - started;
      const byHardLimit = left < timeoutMs;
      let done = false;
      const finish = (outcome: ReadOutcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.waiter = null;
        this.rateFailure = null;
        this.stopRateWindow();
        if (outcome.ok) this.transcript.addReply(outcome.reply.code, outcome.reply.lines);
        resolve(outcome);
      };
      const timer = setTimeout(
        () => {
          const message = byHardLimit
            ? `probe reached its ${this.limits.hardTimeoutMs} ms limit`
            : `no complete reply within ${timeoutMs} ms`;
          finish({ ok: false, failure: { kind: "timeout", message } });
        },
        Math.max(0, Math.min(timeoutMs, left)),
      );
      this.waiter = () => {
        const error = this.parser.error;
        if (error) return finish({ ok: false, failure: { kind: "protocol", message: error.message } });
        const reply = this.parser.shift();
        if (reply) return finish({ ok: true, reply });
        if (this.rateFailure) return finish({ ok: false, failure: { kind: "timeout", message: this.rateFailure } });
        if (this.closedMessage !== null) return finish({ ok: false, failure: { kind: "closed", message: this.closedMessage } });
      };
      if (this.parser.isMidReply) this.startRateWindow(0);
      this.waiter();
    });
  }

  /**
   * Hands the socket to TLS (STARTTLS after its 220, or implicit TLS right after connect) and waits for
   * the handshake. On success the session continues on the TLS socket with a fresh parser.
   */
  async upgradeTls(
    dialer: SocketDialer,
    options: tls.ConnectionOptions,
    timeoutMs: number,
  ): Promise<{ ok: true; socket: tls.TLSSocket } | { ok: false; failure: SessionFailure }> {
    // RFC 3207 §4.2 (and CVE-2011-0411): anything the server sent after its 220 was not protected by
    // TLS; acting on it would let a man in the middle inject commands into the encrypted session.
    if (this.parser.isMidReply || this.parser.replies.length > 0) {
      return {
        ok: false,
        failure: { kind: "protocol", message: "server sent data between STARTTLS and the TLS handshake (RFC 3207 §4.2)" },
      };
    }
    const raw = this.socket;
    this.detach(raw);
    raw.on("error", ignoreError);
    let secure: tls.TLSSocket;
    try {
      secure = dialer.upgradeTls(raw, options);
    } catch (err) {
      return { ok: false, failure: { kind: "protocol", message: `TLS setup failed: ${(err as Error).message}` } };
    }
    const left = this.deadlineAt - this.clock.now();
    const outcome = await new Promise<{ ok: true } | { ok: false; failure: SessionFailure }>((resolve) => {
      // The data-rate floor for the handshake, read from the TCP socket's byte counter: once the
      // server's flight has begun, each window must bring at least the floor.
      const startBytes = raw.bytesRead;
      let windowBytes = startBytes;
      const rateTicker = setInterval(() => {
        const now = raw.bytesRead;
        const floor = (this.limits.minBytesPerSecond * this.limits.rateWindowMs) / 1000;
        if (windowBytes > startBytes && now - windowBytes < floor) {
          cleanup();
          resolve({
            ok: false,
            failure: {
              kind: "timeout",
              message: `peer sent ${now - windowBytes} bytes in ${this.limits.rateWindowMs} ms of TLS handshake, below the ${this.limits.minBytesPerSecond} B/s floor`,
            },
          });
          return;
        }
        windowBytes = now;
      }, this.limits.rateWindowMs);
      const cleanup = (): void => {
        clearInterval(rateTicker);
        clearTimeout(timer);
        secure.off("secureConnect", onSecure);
        secure.off("error", onError);
        secure.off("close", onClose);
      };
      const onSecure = (): void => (cleanup(), resolve({ ok: true }));
      const onError = (err: Error): void => (cleanup(), resolve({ ok: false, failure: { kind: "closed", message: describeError(err) } }));
      const onClose = (): void => (
        cleanup(),
        resolve({ ok: false, failure: { kind: "closed", message: "connection closed during the TLS handshake" } })
      );
      const timer = setTimeout(
        () => {
          cleanup();
          const message =
            left < timeoutMs ? `probe reached its ${this.limits.hardTimeoutMs} ms limit` : `TLS handshake not done within ${timeoutMs} ms`;
          resolve({ ok: false, failure: { kind: "timeout", message } });
        },
        Math.max(0, Math.min(timeoutMs, left)),
      );
      secure.once("secureConnect", onSecure);
      secure.once("error", onError);
      secure.once("close", onClose);
    });
    this.socket = secure;
    if (!outcome.ok) {
      secure.on("error", ignoreError);
      secure.destroy();
      return outcome;
    }
    this.parser = new ReplyParser(this.limits);
    this.closedMessage = null;
    this.attach(secure);
    return { ok: true, socket: secure };
  }

  close(): void {
    this.stopRateWindow();
    this.socket.destroy();
  }

  private attach(socket: net.Socket): void {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onEnd);
    socket.on("error", this.onError);
  }

  private detach(socket: net.Socket): void {
    socket.off("data", this.onData);
    socket.off("end", this.onEnd);
    socket.off("close", this.onEnd);
    socket.off("error", this.onError);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.bytesRead += chunk.length;
    this.windowBytes += chunk.length;
    this.parser.push(chunk);
    this.peakBufferedBytes = Math.max(this.peakBufferedBytes, this.parser.peakBufferedBytes);
    if (this.parser.error) {
      // Stop reading at once: whatever else the peer sends is never buffered.
      this.socket.destroy();
    } else if (this.parser.isMidReply) {
      if (!this.midReply && this.waiter) this.startRateWindow(chunk.length);
    } else {
      this.stopRateWindow();
    }
    this.waiter?.();
  };

  private readonly onEnd = (): void => {
    this.closedMessage ??= "peer closed the connection";
    this.waiter?.();
  };

  private readonly onError = (err: Error): void => {
    this.closedMessage ??= describeError(err);
    this.waiter?.();
  };

  private startRateWindow(initialBytes: number): void {
    this.midReply = true;
    this.windowStart = this.clock.now();
    this.windowBytes = initialBytes;
    this.armRateTimer();
  }

  private armRateTimer(): void {
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.rateTimer = setTimeout(this.onRateTick, this.limits.rateWindowMs);
  }

  private stopRateWindow(): void {
    this.midReply = false;
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.rateTimer = null;
  }

  private readonly onRateTick = (): void => {
    this.rateTimer = null;
    if (!this.midReply || !this.waiter) return;
    const elapsed = this.clock.now() - this.windowStart;
    const floor = (this.limits.minBytesPerSecond * elapsed) / 1000;
    if (this.windowBytes < floor) {
      this.rateFailure = `peer sent ${this.windowBytes} bytes in ${Math.round(elapsed)} ms mid-reply, below the ${this.limits.minBytesPerSecond} B/s floor`;
      this.waiter();
      return;
    }
    this.windowStart = this.clock.now();
    this.windowBytes = 0;
    this.armRateTimer();
  };
}

export function describeError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
