// MTA log ingestion: format plug-ins (Postfix, Exim, ESP webhook JSON), the queue-id correlator that emits
// classified delivery events, syslog parsing/framing, and provider grouping.
export * from "./types.ts";
export { LOG_FORMATS, LOG_FORMAT_NAMES, autoFormat, getLogFormat } from "./registry.ts";
export { postfixFormat, parsePostfixMessage } from "./postfix.ts";
export { eximFormat } from "./exim.ts";
export { APPLE_PROXY_USER_AGENT, isAppleNetworkIp, isApplePrivacyProxyFetch, isMachineOpen, type OpenSignals } from "./machine-open.ts";
export { espJsonFormat, sendgridFormat, mailgunFormat, postmarkFormat, sesFormat, eventsFromJson } from "./esp-json.ts";
export {
  LogCorrelator,
  parseLog,
  CORRELATOR_MAX_MESSAGES,
  CORRELATOR_MAX_REMOVED,
  CORRELATOR_MAX_TLS_SESSIONS,
  LOG_LINE_MAX_CHARS,
  UNPARSED_SAMPLE_MAX,
  type CorrelatorOptions,
  type CorrelatorState,
  type CorrelatorStats,
} from "./correlator.ts";
export {
  parseSyslogMessage,
  toLogLine,
  SyslogFrameDecoder,
  SYSLOG_MAX_FRAME_BYTES,
  type SyslogMessage,
  type FrameResult,
} from "./syslog.ts";
export { providerDisplayName, providerFor } from "./provider.ts";
export {
  detectThrottling,
  isGreylistReply,
  isThrottleReply,
  type Deferral,
  type DetectInput,
  type Detection,
  type DetectionKind,
  type ProviderMinute,
  type QueuePoint,
} from "./throttling.ts";
export { parseSyslogPrefix } from "./timestamp.ts";
