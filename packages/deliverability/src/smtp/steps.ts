/**
 * The SMTP dialogue of one probe, one function per phase (RFC 5321 §3, RFC 3207, RFC 4954). Each step
 * records what it saw into the context and returns false when the probe's outcome is decided.
 */
import { hostnameFromGreeting, parseEhloCapabilities, emptyCapabilities } from "./capabilities.ts";
import { type ProbeContext } from "./probe-context.ts";
import { describeTls, probeTlsOptions } from "./tls-details.ts";
import { REDACTED } from "./transcript.ts";
import { type EhloRecord, type TlsDetails } from "./types.ts";

export async function readBanner(ctx: ProbeContext): Promise<boolean> {
  const session = ctx.session;
  if (!session) return false;
  const watch = ctx.stopwatch();
  const read = await session.readReply(ctx.limits.bannerTimeoutMs);
  const ms = watch();
  ctx.result.timings.banner = ms;
  const reply = ctx.take("banner", null, read, ms);
  if (!reply) return false;
  const text = reply.lines.join("\n");
  ctx.result.banner = { code: reply.code, text, hostname: hostnameFromGreeting(reply.lines[0] ?? "") };
  // RFC 5321 §3.1: 220 opens the session; 554 (or a 4xx) says "go away".
  if (reply.code !== 220) return ctx.unexpected("banner", null, reply);
  return true;
}

/** EHLO, falling back to HELO when the server does not implement EHLO (500/502, RFC 5321 §3.2). */
export async function sendEhlo(ctx: ProbeContext, helo: string): Promise<EhloRecord | null> {
  const command = `EHLO ${helo}`;
  const reply = await ctx.exchange("ehlo", command);
  if (!reply) return null;
  if (reply.code === 250) {
    return { hostname: hostnameFromGreeting(reply.lines[0] ?? ""), heloFallback: false, capabilities: parseEhloCapabilities(reply.lines) };
  }
  if (reply.code === 500 || reply.code === 502) {
    const helloReply = await ctx.exchange("ehlo", `HELO ${helo}`);
    if (!helloReply) return null;
    if (helloReply.code !== 250) return ctx.unexpected("ehlo", `HELO ${helo}`, helloReply) || null;
    return { hostname: hostnameFromGreeting(helloReply.lines[0] ?? ""), heloFallback: true, capabilities: emptyCapabilities() };
  }
  return ctx.unexpected("ehlo", command, reply) || null;
}

/** The TLS handshake itself, for STARTTLS and implicit TLS alike. */
export async function handshake(ctx: ProbeContext, via: TlsDetails["via"], checkedName: string): Promise<boolean> {
  const session = ctx.session;
  if (!session) return false;
  const upgraded = await session.upgradeTls(
    ctx.dialer,
    probeTlsOptions(checkedName, ctx.options.trustedCa),
    ctx.limits.tlsHandshakeTimeoutMs,
  );
  if (!upgraded.ok) return ctx.failFrom("tls", upgraded.failure);
  const details = describeTls(upgraded.socket, via, checkedName, ctx.clock.wallTime());
  ctx.result.tls = details;
  ctx.transcript.add(
    "I",
    `TLS established: ${details.version} ${details.cipher}${details.authorized ? "" : ` (unverified: ${details.authorizationError ?? "unknown"})`}`,
  );
  return true;
}

/** RFC 3207 §4: STARTTLS, 220, handshake. */
export async function startTls(ctx: ProbeContext, checkedName: string): Promise<boolean> {
  const watch = ctx.stopwatch();
  const reply = await ctx.exchange("starttls", "STARTTLS");
  if (!reply) return false;
  if (reply.code !== 220) return ctx.unexpected("starttls", "STARTTLS", reply);
  const ok = await handshake(ctx, "starttls", checkedName);
  ctx.result.timings.tls = watch();
  return ok;
}

/** RFC 4954 with PLAIN (RFC 4616) or LOGIN; credentials only ever reach the transcript as [redacted]. */
export async function authenticate(ctx: ProbeContext): Promise<boolean> {
  const creds = ctx.options.auth;
  if (!creds) return true;
  const record = {
    mechanism: null,
    attempted: false,
    succeeded: false,
    code: null,
    enhancedCode: null,
    skippedReason: null,
  } as NonNullable<typeof ctx.result.auth>;
  ctx.result.auth = record;
  const refuse = (reason: string): false => {
    record.skippedReason = reason;
    return ctx.fail({ kind: "auth_failed", phase: "auth", code: null, enhancedCode: null, message: reason });
  };
  const tls = ctx.result.tls;
  if (!ctx.options.allowInsecureAuth) {
    if (!tls) return refuse("refused to send credentials over an unencrypted channel (not a lab server)");
    if (!tls.authorized)
      return refuse(`refused to send credentials over an unverified TLS channel: ${tls.authorizationError ?? "unverified"}`);
  }
  const offered = (ctx.result.ehloAfterTls ?? ctx.result.ehlo)?.capabilities.authMechanisms ?? [];
  const mechanism = creds.mechanism ?? (offered.includes("PLAIN") ? "PLAIN" : offered.includes("LOGIN") ? "LOGIN" : null);
  if (!mechanism || !offered.includes(mechanism)) {
    return refuse(`server offers no usable AUTH mechanism (offered: ${offered.join(" ") || "none"})`);
  }
  record.mechanism = mechanism;
  record.attempted = true;
  const watch = ctx.stopwatch();
  const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");
  let reply;
  if (mechanism === "PLAIN") {
    reply = await ctx.exchange("auth", `AUTH PLAIN ${b64(`\0${creds.username}\0${creds.password}`)}`, `AUTH PLAIN ${REDACTED}`);
  } else {
    reply = await ctx.exchange("auth", "AUTH LOGIN");
    if (reply?.code === 334) reply = await ctx.exchange("auth", b64(creds.username), REDACTED);
    if (reply?.code === 334) reply = await ctx.exchange("auth", b64(creds.password), REDACTED);
  }
  ctx.result.timings.auth = watch();
  if (!reply) return false;
  record.code = reply.code;
  record.enhancedCode = reply.enhancedCode;
  if (reply.code === 235) {
    record.succeeded = true;
    return true;
  }
  // RFC 4954 §6: 535 bad credentials, 454 temporary, 534 mechanism too weak, 538 encryption required.
  return ctx.fail({
    kind: "auth_failed",
    phase: "auth",
    code: reply.code,
    enhancedCode: reply.enhancedCode,
    message: `AUTH ${mechanism}: ${reply.code} ${reply.lines.join(" ").slice(0, 300)}`,
  });
}

/** MAIL FROM / RCPT TO without DATA, then RSET (RFC 5321 §4.1.1.2, .3, .5): nothing is delivered. */
export async function testEnvelope(ctx: ProbeContext): Promise<boolean> {
  const env = ctx.options.envelope;
  if (!env || (env.rcptTo === undefined && env.mailFrom === undefined)) return true;
  const record: NonNullable<typeof ctx.result.envelope> = { mailFrom: null, rcptTo: null, rset: null, accepted: false };
  ctx.result.envelope = record;
  const watch = ctx.stopwatch();
  try {
    const mailCommand = `MAIL FROM:<${env.mailFrom ?? ""}>`;
    const mail = await ctx.exchange("envelope", mailCommand);
    if (!mail) return false;
    record.mailFrom = ctx.result.replies.at(-1) ?? null;
    if (mail.code !== 250) return ctx.unexpected("envelope", mailCommand, mail);
    if (env.rcptTo !== undefined) {
      const rcptCommand = `RCPT TO:<${env.rcptTo}>`;
      const rcpt = await ctx.exchange("envelope", rcptCommand);
      if (!rcpt) return false;
      record.rcptTo = ctx.result.replies.at(-1) ?? null;
      // 251: "user not local; will forward" is an acceptance too.
      if (rcpt.code !== 250 && rcpt.code !== 251) return ctx.unexpected("envelope", rcptCommand, rcpt);
    }
    record.accepted = true;
    const rset = await ctx.exchange("envelope", "RSET");
    if (!rset) return false;
    record.rset = ctx.result.replies.at(-1) ?? null;
    return true;
  } finally {
    ctx.result.timings.envelope = watch();
  }
}

/** RFC 5321 §4.1.1.10. Best effort: the outcome is known by now, so a missing 221 changes nothing. */
export async function quit(ctx: ProbeContext): Promise<void> {
  const session = ctx.session;
  if (!session) return;
  const watch = ctx.stopwatch();
  const read = await session.command("QUIT", Math.min(ctx.limits.quitTimeoutMs, ctx.remainingMs));
  if (read.ok)
    ctx.result.replies.push({
      phase: "quit",
      command: "QUIT",
      code: read.reply.code,
      enhancedCode: read.reply.enhancedCode,
      lines: read.reply.lines,
      ms: watch(),
    });
}
