/**
 * SMTP probes and monitoring: `probeSmtp` runs one probe (RFC 5321 / 3207 / 4954 on node:net and
 * node:tls, every limit capped); `nextMonitorState`, `detectDrift` and `summariseUptime` are the pure
 * functions a monitor needs on top. Results are plain JSON.
 */
export { probeSmtp } from "./probe.ts";
export type { ProbeClock, ProbeCredentials, ProbeDeps, ProbeOptions } from "./probe.ts";
export type {
  AuthRecord,
  CertificateInfo,
  DialAttempt,
  DnsResolution,
  EhloRecord,
  EnvelopeRecord,
  MxRecord,
  ProbeIoStats,
  ProbeMode,
  ProbeOutcome,
  ProbePhase,
  ProbeResult,
  ProbeTarget,
  ProbeTimings,
  ReplyRecord,
  ResolvedHost,
  SmtpPort,
  TargetKind,
  TlsDetails,
  TlsVersion,
} from "./types.ts";
export type { SmtpCapabilities } from "./capabilities.ts";
export { parseEhloCapabilities, hostnameFromGreeting } from "./capabilities.ts";
export { type ProbeResolver } from "./resolve-target.ts";
export { defaultProbeResolver, probeResolverVia } from "./probe-resolver.ts";
export type { TranscriptEntry } from "./transcript.ts";
export * from "./limits.ts";
export {
  detectDrift,
  detectFingerprintDrift,
  fingerprintOf,
  type DriftEvent,
  type DriftSeverity,
  type DriftType,
  type CertSummary,
  type ProbeFingerprint,
} from "./drift.ts";
export {
  nextMonitorState,
  initialMonitorState,
  isProbeFailure,
  MONITOR_FAILURES_TO_CONFIRM_DOWN,
  MONITOR_SLOW_THRESHOLD_MS,
  type MonitorOptions,
  type MonitorState,
  type MonitorStatus,
} from "./monitor-state.ts";
export { summariseUptime, sampleOf, type UptimeSample, type UptimeSummary } from "./uptime.ts";
