/**
 * Every limit of one SMTP probe, with its unit and the reason for its value. A probe meets hostile or
 * broken peers on purpose, so nothing it reads or waits for is unbounded. Tests pass smaller values
 * through `ProbeOptions.limits`.
 */

/** TCP connect: a healthy MX answers a SYN in well under a second; 10 s covers long-haul loss. */
export const PROBE_CONNECT_TIMEOUT_MS = 10_000;
/** RFC 5321 §4.5.3.2.1 suggests 5 min for the greeting; monitors cannot wait that long, and tarpits that delay past 30 s are themselves a finding. */
export const PROBE_BANNER_TIMEOUT_MS = 30_000;
/** Each command's reply (EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET, QUIT). */
export const PROBE_COMMAND_TIMEOUT_MS = 30_000;
/** TLS handshake after STARTTLS or on implicit-TLS port 465. */
export const PROBE_TLS_HANDSHAKE_TIMEOUT_MS = 20_000;
/** QUIT after the result is known is a courtesy (RFC 5321 §4.1.1.10); do not let it hold the probe. */
export const PROBE_QUIT_TIMEOUT_MS = 5_000;
/** Wall-clock ceiling for a whole probe, all phases and dial attempts included. */
export const PROBE_HARD_TIMEOUT_MS = 90_000;
/** DNS lookups (MX, A, AAAA) for one target. */
export const PROBE_DNS_TIMEOUT_MS = 10_000;
/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers stay far below 2 KiB. */
export const PROBE_MAX_REPLY_LINE_BYTES = 2_048;
/** A large EHLO reply has ~20 lines; 100 is generous and stops "endless 250-" peers. */
export const PROBE_MAX_REPLY_LINES = 100;
/** Bytes of one (multi-line) reply; bounds what one reply can make us hold. */
export const PROBE_MAX_REPLY_BYTES = 65_536;
/** Once a reply has started, the peer must keep sending at least this rate... */
export const PROBE_MIN_BYTES_PER_SECOND = 64;
/** ...measured over windows of this length, so one slow packet does not fail a probe. */
export const PROBE_RATE_WINDOW_MS = 2_000;
/** Addresses tried when connects fail (MX failover per RFC 5321 §5.1), bounded so a long MX list cannot eat the hard limit. */
export const PROBE_MAX_DIAL_ATTEMPTS = 3;
/** Transcript entries kept; a probe sends ~10 commands, so this only trims pathological peers. */
export const PROBE_MAX_TRANSCRIPT_LINES = 400;
/** MX hosts resolved for one domain; RFC 5321 §5.1 lets senders cap the list, and few domains list more. */
export const PROBE_MAX_MX_HOSTS = 10;
/** Certificates kept from the presented chain; real chains have 2–4. */
export const PROBE_MAX_CHAIN_DEPTH = 10;
/** A certificate this close to expiry is a drift event and degrades a monitor. */
export const CERT_EXPIRY_WARNING_DAYS = 21;

export interface SmtpLimits {
  connectTimeoutMs: number;
  bannerTimeoutMs: number;
  commandTimeoutMs: number;
  tlsHandshakeTimeoutMs: number;
  quitTimeoutMs: number;
  hardTimeoutMs: number;
  dnsTimeoutMs: number;
  maxReplyLineBytes: number;
  maxReplyLines: number;
  maxReplyBytes: number;
  minBytesPerSecond: number;
  rateWindowMs: number;
  maxDialAttempts: number;
  maxTranscriptLines: number;
}

export const DEFAULT_SMTP_LIMITS: Readonly<SmtpLimits> = Object.freeze({
  connectTimeoutMs: PROBE_CONNECT_TIMEOUT_MS,
  bannerTimeoutMs: PROBE_BANNER_TIMEOUT_MS,
  commandTimeoutMs: PROBE_COMMAND_TIMEOUT_MS,
  tlsHandshakeTimeoutMs: PROBE_TLS_HANDSHAKE_TIMEOUT_MS,
  quitTimeoutMs: PROBE_QUIT_TIMEOUT_MS,
  hardTimeoutMs: PROBE_HARD_TIMEOUT_MS,
  dnsTimeoutMs: PROBE_DNS_TIMEOUT_MS,
  maxReplyLineBytes: PROBE_MAX_REPLY_LINE_BYTES,
  maxReplyLines: PROBE_MAX_REPLY_LINES,
  maxReplyBytes: PROBE_MAX_REPLY_BYTES,
  minBytesPerSecond: PROBE_MIN_BYTES_PER_SECOND,
  rateWindowMs: PROBE_RATE_WINDOW_MS,
  maxDialAttempts: PROBE_MAX_DIAL_ATTEMPTS,
  maxTranscriptLines: PROBE_MAX_TRANSCRIPT_LINES,
});

export function resolveLimits(overrides: Partial<SmtpLimits> | undefined): SmtpLimits {
  return { ...DEFAULT_SMTP_LIMITS, ...overrides };
}
