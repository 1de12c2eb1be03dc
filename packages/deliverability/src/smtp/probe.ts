/**
 * probeSmtp: one probe of one (target, port, mode). DNS and the egress guard first (no socket exists
 * until every address is checked), then connect to a pinned address, banner, EHLO, STARTTLS or
 * implicit TLS, EHLO again, optional AUTH and envelope test, QUIT. Always resolves to a ProbeResult;
 * network behaviour is data, never an exception. Only invalid options (CR/LF in a command argument)
 * throw, before any I/O.
 */
import os from "node:os";

import { pinnedDialer } from "../net/pinned-dialer.ts";
import { resolveLimits } from "./limits.ts";
import { ProbeContext, roundMs, systemClock, type ProbeDeps, type ProbeOptions } from "./probe-context.ts";
import { dialTcp } from "./dial.ts";
import { defaultProbeResolver } from "./probe-resolver.ts";
import { resolveTarget } from "./resolve-target.ts";
import { SmtpSession } from "./session.ts";
import { authenticate, handshake, quit, readBanner, sendEhlo, startTls, testEnvelope } from "./steps.ts";
import { Transcript } from "./transcript.ts";
import { type ProbeMode, type ProbeOutcome, type ProbeResult, type ProbeTarget } from "./types.ts";

export type { ProbeCredentials, ProbeClock, ProbeDeps, ProbeOptions } from "./probe-context.ts";

/** Command arguments must not smuggle a line break (RFC 5321 §2.3.8: CRLF ends a command). */
function assertSafeArgument(name: string, value: string | undefined): void {
  if (value !== undefined && /[\r\n\0]/.test(value)) throw new TypeError(`${name} must not contain CR, LF or NUL`);
  if (value !== undefined && value.length > 512) throw new TypeError(`${name} is longer than 512 characters (RFC 5321 §4.5.3.1.4)`);
}

function effectiveMode(target: ProbeTarget): ProbeMode {
  const mode = target.mode ?? "auto";
  // RFC 8314 §3.3: 465 is implicit TLS; "auto" there can mean nothing else.
  return mode === "auto" && target.port === 465 ? "tls" : mode;
}

function emptyResult(target: ProbeTarget, mode: ProbeMode, startedAt: Date): ProbeResult {
  return {
    schemaVersion: 1,
    target: { host: target.host, port: target.port, mode, kind: target.kind ?? "auto" },
    startedAt: startedAt.toISOString(),
    outcome: { kind: "ok" },
    dns: null,
    dials: [],
    connected: null,
    banner: null,
    ehlo: null,
    tls: null,
    ehloAfterTls: null,
    auth: null,
    envelope: null,
    replies: [],
    timings: { dns: null, connect: null, banner: null, ehlo: null, tls: null, ehloAfterTls: null, auth: null, envelope: null, total: 0 },
    io: { bytesRead: 0, bytesWritten: 0, peakBufferedBytes: 0 },
    transcript: [],
  };
}

export async function probeSmtp(target: ProbeTarget, options: ProbeOptions, deps: ProbeDeps = {}): Promise<ProbeResult> {
  const helo = options.helo ?? os.hostname();
  assertSafeArgument("helo", helo);
  assertSafeArgument("envelope.mailFrom", options.envelope?.mailFrom);
  assertSafeArgument("envelope.rcptTo", options.envelope?.rcptTo);
  assertSafeArgument("host", target.host);

  const clock = deps.clock ?? systemClock;
  const limits = resolveLimits(options.limits);
  const started = clock.now();
  const mode = effectiveMode(target);
  const result = emptyResult(target, mode, clock.wallTime());
  const transcript = new Transcript(limits.maxTranscriptLines, () => clock.now() - started);
  const ctx = new ProbeContext(result, options, limits, clock, deps.dialer ?? pinnedDialer, transcript, started);
  try {
    await run(ctx, target, mode, helo, deps);
    if (isSessionUsable(result.outcome)) await quit(ctx);
  } finally {
    const session = ctx.session;
    if (session) {
      session.close();
      result.io = { bytesRead: session.bytesRead, bytesWritten: session.bytesWritten, peakBufferedBytes: session.peakBufferedBytes };
    }
    result.timings.total = roundMs(clock.now() - started);
    result.transcript = transcript.toJSON();
  }
  return result;
}

async function run(ctx: ProbeContext, target: ProbeTarget, mode: ProbeMode, helo: string, deps: ProbeDeps): Promise<void> {
  const { result, limits } = ctx;

  // 1. DNS and the egress guard, before any socket.
  const dnsWatch = ctx.stopwatch();
  const resolution = await resolveTarget(
    target.host,
    target.kind ?? "auto",
    deps.resolver ?? defaultProbeResolver(),
    ctx.options.egressPolicy,
    Math.min(limits.dnsTimeoutMs, ctx.remainingMs),
  );
  result.timings.dns = dnsWatch();
  result.dns = resolution.dns;
  if (!resolution.ok) {
    ctx.fail(resolution.outcome);
    return;
  }

  // 2. TCP connect to pinned addresses, failing over (RFC 5321 §5.1) only on connect failures.
  const connectWatch = ctx.stopwatch();
  for (const candidate of resolution.candidates.slice(0, limits.maxDialAttempts)) {
    if (ctx.remainingMs <= 0) break;
    const attemptWatch = ctx.stopwatch();
    ctx.transcript.add("I", `connecting to ${candidate.host} [${candidate.address}]:${target.port}`);
    const dialed = await dialTcp(ctx.dialer, candidate.address, target.port, Math.min(limits.connectTimeoutMs, ctx.remainingMs));
    const ms = attemptWatch();
    if (dialed.ok) {
      result.dials.push({ host: candidate.host, address: candidate.address, outcome: "connected", ms, message: null });
      result.connected = { host: candidate.host, address: candidate.address, port: target.port };
      ctx.session = new SmtpSession(dialed.socket, limits, ctx.clock, ctx.transcript, ctx.deadlineAt);
      break;
    }
    result.dials.push({ host: candidate.host, address: candidate.address, outcome: dialed.outcome, ms, message: dialed.message });
  }
  result.timings.connect = connectWatch();
  const connected = result.connected;
  if (!connected) {
    const last = result.dials.at(-1);
    const message = last ? `${last.address}: ${last.message ?? last.outcome}` : `probe reached its ${limits.hardTimeoutMs} ms limit`;
    if (!last || last.outcome === "timeout") ctx.fail({ kind: "timeout", phase: "connect", message });
    else ctx.fail({ kind: "refused", phase: "connect", message });
    return;
  }
  // Certificates are checked against the name we were sent to (MX host), or the IP for IP targets.
  const checkedName = connected.host;

  // 3. Implicit TLS (RFC 8314 §3.3) comes before the banner.
  if (mode === "tls") {
    const tlsWatch = ctx.stopwatch();
    const ok = await handshake(ctx, "implicit", checkedName);
    result.timings.tls = tlsWatch();
    if (!ok) return;
  }

  // 4. Banner and EHLO.
  if (!(await readBanner(ctx))) return;
  const ehloWatch = ctx.stopwatch();
  result.ehlo = await sendEhlo(ctx, helo);
  result.timings.ehlo = ehloWatch();
  if (!result.ehlo) return;

  // 5. STARTTLS, then EHLO again: RFC 3207 §4.2 requires forgetting everything learnt before TLS.
  if (mode === "starttls" || mode === "auto") {
    if (result.ehlo.capabilities.startTls) {
      if (!(await startTls(ctx, checkedName))) return;
    } else if (mode === "starttls") {
      ctx.fail({ kind: "tls_failed", phase: "ehlo", message: "server does not advertise STARTTLS (RFC 3207)" });
      return;
    }
  }
  if (result.tls?.via === "starttls") {
    const watch = ctx.stopwatch();
    result.ehloAfterTls = await sendEhlo(ctx, helo);
    result.timings.ehloAfterTls = watch();
    if (!result.ehloAfterTls) return;
  }

  // 6. Optional AUTH and envelope test; QUIT follows in probeSmtp.
  if (await authenticate(ctx)) await testEnvelope(ctx);
}

/**
 * Whether the session can still carry a QUIT (RFC 5321 §4.1.1.10; §3.1 asks for one after a 554
 * greeting too): yes after a reply we merely disliked, no after timeouts, broken TLS or garbage.
 */
function isSessionUsable(outcome: ProbeOutcome): boolean {
  if (outcome.kind === "ok" || outcome.kind === "rejected" || outcome.kind === "auth_failed") return true;
  return outcome.kind === "tls_failed" && outcome.phase === "ehlo";
}
