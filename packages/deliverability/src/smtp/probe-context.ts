/**
 * The state one probe carries between its steps: the result being filled in, the clock, the limits,
 * the transcript and the live session. Steps record into it and return false once the outcome is known.
 */
import { type EgressPolicy } from "../net/egress-guard.ts";
import { type SocketDialer } from "../net/pinned-dialer.ts";
import { type SmtpLimits } from "./limits.ts";
import { type SmtpReply } from "./reply-parser.ts";
import { type ProbeResolver } from "./resolve-target.ts";
import { type MonotonicClock, type ReadOutcome, type SessionFailure, type SmtpSession } from "./session.ts";
import { type Transcript } from "./transcript.ts";
import { type ProbeOutcome, type ProbePhase, type ProbeResult } from "./types.ts";

export interface ProbeCredentials {
  username: string;
  password: string;
  /** Forces a mechanism; by default PLAIN when advertised, else LOGIN. */
  mechanism?: "PLAIN" | "LOGIN";
}

export interface ProbeOptions {
  /** Which addresses may be dialled (see net/egress-guard). Required: there is no silent default. */
  egressPolicy: EgressPolicy;
  /** EHLO name (RFC 5321 §4.1.1.1: our FQDN or an address literal). */
  helo?: string;
  auth?: ProbeCredentials;
  /** Lab servers only: send credentials over plaintext or an unverified certificate. */
  allowInsecureAuth?: boolean;
  /** Envelope test without DATA. mailFrom "" is the null reverse-path `<>`. */
  envelope?: { mailFrom?: string; rcptTo?: string };
  /** Extra trusted CA certificates (PEM) on top of Node's roots, for private PKI. */
  trustedCa?: string[];
  limits?: Partial<SmtpLimits>;
}

export interface ProbeClock extends MonotonicClock {
  /** Wall time, for startedAt and certificate days-left. */
  wallTime(): Date;
}

export interface ProbeDeps {
  resolver?: ProbeResolver;
  dialer?: SocketDialer;
  clock?: ProbeClock;
}

export const systemClock: ProbeClock = { now: () => performance.now(), wallTime: () => new Date() };

export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export class ProbeContext {
  session: SmtpSession | null = null;
  readonly deadlineAt: number;

  constructor(
    readonly result: ProbeResult,
    readonly options: ProbeOptions,
    readonly limits: SmtpLimits,
    readonly clock: ProbeClock,
    readonly dialer: SocketDialer,
    readonly transcript: Transcript,
    readonly startedAt: number,
  ) {
    this.deadlineAt = startedAt + limits.hardTimeoutMs;
  }

  get remainingMs(): number {
    return this.deadlineAt - this.clock.now();
  }

  /** Starts a stopwatch; calling the returned function gives elapsed ms. */
  stopwatch(): () => number {
    const t0 = this.clock.now();
    return () => roundMs(this.clock.now() - t0);
  }

  fail(outcome: ProbeOutcome): false {
    this.result.outcome = outcome;
    this.transcript.add(
      "I",
      `outcome ${outcome.kind}${"phase" in outcome ? ` in ${outcome.phase}` : ""}: ${"message" in outcome ? outcome.message : ""}`,
    );
    return false;
  }

  failFrom(phase: ProbePhase, failure: SessionFailure): false {
    if (failure.kind === "timeout") return this.fail({ kind: "timeout", phase, message: failure.message });
    if (phase === "tls") return this.fail({ kind: "tls_failed", phase, message: failure.message });
    const message = failure.kind === "closed" ? `connection lost during ${phase}: ${failure.message}` : failure.message;
    return this.fail({ kind: "protocol_error", phase, message });
  }

  /** Records a read in `replies`; on failure sets the outcome. Returns the reply or null. */
  take(phase: ProbePhase, command: string | null, read: ReadOutcome, ms: number): SmtpReply | null {
    if (!read.ok) {
      this.failFrom(phase, read.failure);
      return null;
    }
    const { code, enhancedCode, lines } = read.reply;
    this.result.replies.push({ phase, command, code, enhancedCode, lines, ms });
    return read.reply;
  }

  /** A reply whose code is not one we can go on with: 4xx/5xx → rejected; anything else → protocol_error. */
  unexpected(phase: ProbePhase, command: string | null, reply: SmtpReply): false {
    const text = reply.lines.join(" ").slice(0, 300);
    if (reply.code >= 400) {
      return this.fail({
        kind: "rejected",
        phase,
        code: reply.code,
        enhancedCode: reply.enhancedCode,
        message: `${command ?? "greeting"}: ${reply.code} ${text}`,
      });
    }
    return this.fail({ kind: "protocol_error", phase, message: `unexpected ${reply.code} reply to ${command ?? "connect"}: ${text}` });
  }

  /** Sends a command and reads its reply, under the command timeout. */
  async exchange(
    phase: ProbePhase,
    line: string,
    shown: string = line,
    timeoutMs = this.limits.commandTimeoutMs,
  ): Promise<SmtpReply | null> {
    const session = this.session;
    if (!session) return null;
    const watch = this.stopwatch();
    const read = await session.command(line, timeoutMs, shown);
    return this.take(phase, shown, read, watch());
  }
}
