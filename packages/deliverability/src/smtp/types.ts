/**
 * The probe's public data types. Everything in a ProbeResult is plain JSON (strings, numbers, booleans,
 * null, arrays, objects): it is stored as-is in a jsonb column and sent to browsers.
 */
import { type SmtpCapabilities } from "./capabilities.ts";
import { type TranscriptEntry } from "./transcript.ts";

/** The submission/relay ports a monitor watches: 25 (MX, RFC 5321), 587 (submission, RFC 6409), 465 (implicit TLS, RFC 8314). */
export type SmtpPort = 25 | 465 | 587;

/**
 * starttls: RFC 3207 upgrade, required (no STARTTLS → tls_failed).
 * tls: implicit TLS from the first byte (RFC 8314 §3.3, port 465).
 * plain: never upgrade.
 * auto: implicit TLS on 465, otherwise STARTTLS when advertised, else plain.
 */
export type ProbeMode = "starttls" | "tls" | "plain" | "auto";

/** host: dial this name's A/AAAA. domain: dial its MX hosts (RFC 5321 §5.1). auto: IP literal → host, else MX if any, else the name itself. */
export type TargetKind = "host" | "domain" | "auto";

export interface ProbeTarget {
  host: string;
  /** Normally an SmtpPort; any port is accepted for lab servers and tests. Only 465 implies implicit TLS. */
  port: number;
  mode?: ProbeMode;
  kind?: TargetKind;
}

export type ProbePhase = "dns" | "connect" | "banner" | "ehlo" | "starttls" | "tls" | "auth" | "envelope" | "quit";

export type ProbeOutcome =
  | { kind: "ok" }
  | { kind: "refused"; phase: "connect"; message: string }
  | { kind: "timeout"; phase: ProbePhase; message: string }
  | { kind: "tls_failed"; phase: ProbePhase; message: string }
  | { kind: "auth_failed"; phase: "auth"; code: number | null; enhancedCode: string | null; message: string }
  | { kind: "protocol_error"; phase: ProbePhase; message: string }
  | { kind: "rejected"; phase: ProbePhase; code: number; enhancedCode: string | null; message: string }
  | { kind: "blocked_by_policy"; phase: "dns"; message: string };

export interface MxRecord {
  exchange: string;
  preference: number;
}

export interface ResolvedHost {
  host: string;
  /** MX preference when the host came from an MX record. */
  preference: number | null;
  /** Addresses that passed the egress guard, in dial order. */
  addresses: string[];
  /** Addresses the egress guard refused, with the reason. */
  blocked: { address: string; reason: string }[];
  /** Lookup error for this host (e.g. ENOTFOUND), if any. */
  error: string | null;
}

export interface DnsResolution {
  /** How the target was read: an IP literal, a host name, or a mail domain resolved through MX. */
  resolvedAs: "ip" | "host" | "domain";
  /** MX records as published (null when MX was not consulted); sorted by preference. */
  mx: MxRecord[] | null;
  /** RFC 7505 null MX ("0 ."): the domain accepts no mail. */
  nullMx: boolean;
  hosts: ResolvedHost[];
}

export interface DialAttempt {
  host: string;
  address: string;
  outcome: "connected" | "refused" | "timeout" | "error";
  ms: number;
  message: string | null;
}

export interface ReplyRecord {
  phase: ProbePhase;
  /** The command this answers, redacted (null for the banner). */
  command: string | null;
  code: number;
  enhancedCode: string | null;
  lines: string[];
  ms: number;
}

export interface EhloRecord {
  /** EHLO's domain (RFC 5321 §4.1.1.1) from the greeting line. */
  hostname: string | null;
  /** True when EHLO was refused with 500/502 and HELO answered instead (RFC 5321 §3.2). */
  heloFallback: boolean;
  capabilities: SmtpCapabilities;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** subjectAltName entries as `DNS:x` / `IP Address:y`. */
  subjectAltNames: string[];
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter at probe time; negative when expired. */
  daysLeft: number;
  fingerprint256: string;
  serialNumber: string;
  selfSigned: boolean;
}

export type TlsVersion = "SSLv3" | "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3" | "unknown";

export interface TlsDetails {
  via: "starttls" | "implicit";
  version: TlsVersion;
  cipher: string;
  /** Name the certificate was checked against (the MX/host name, or the IP for IP targets). */
  checkedName: string;
  /** Leaf first, then issuers as the server presented them (bounded). */
  chain: CertificateInfo[];
  hostnameMatch: boolean;
  /** Chain verified against Node's trust store (plus any `trustedCa`), hostname aside. */
  chainValid: boolean;
  /** chainValid && hostnameMatch: the channel is verified. */
  authorized: boolean;
  /** OpenSSL/Node code (DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…) or null. */
  authorizationError: string | null;
}

export interface AuthRecord {
  mechanism: "PLAIN" | "LOGIN" | null;
  attempted: boolean;
  succeeded: boolean;
  code: number | null;
  enhancedCode: string | null;
  /** Why AUTH was not attempted, when it was not. */
  skippedReason: string | null;
}

export interface EnvelopeRecord {
  mailFrom: ReplyRecord | null;
  rcptTo: ReplyRecord | null;
  rset: ReplyRecord | null;
  accepted: boolean;
}

/** Milliseconds per phase; null when the phase did not run. */
export interface ProbeTimings {
  dns: number | null;
  connect: number | null;
  banner: number | null;
  ehlo: number | null;
  /** STARTTLS command + handshake, or the implicit handshake. */
  tls: number | null;
  ehloAfterTls: number | null;
  auth: number | null;
  envelope: number | null;
  total: number;
}

export interface ProbeIoStats {
  bytesRead: number;
  bytesWritten: number;
  /** Most bytes the reply reader held at once; bounded by the line and reply caps. */
  peakBufferedBytes: number;
}

export interface ProbeResult {
  schemaVersion: 1;
  target: { host: string; port: number; mode: ProbeMode; kind: TargetKind };
  startedAt: string;
  outcome: ProbeOutcome;
  dns: DnsResolution | null;
  dials: DialAttempt[];
  /** The host and pinned address the session ran on. */
  connected: { host: string; address: string; port: number } | null;
  banner: { code: number; text: string; hostname: string | null } | null;
  ehlo: EhloRecord | null;
  tls: TlsDetails | null;
  ehloAfterTls: EhloRecord | null;
  auth: AuthRecord | null;
  envelope: EnvelopeRecord | null;
  replies: ReplyRecord[];
  timings: ProbeTimings;
  io: ProbeIoStats;
  transcript: TranscriptEntry[];
}
