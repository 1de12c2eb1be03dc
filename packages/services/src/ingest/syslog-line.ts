/**
 * One received syslog message (RFC 5424 or RFC 3164) → the organization's token and the classic
 * "time host app[pid]: msg" line the log formats read. The token travels either as RFC 5424 structured
 * data `[inboxwatch@32473 token="iwl_…"]` (§6.3; 32473 is the documentation PEN of RFC 5612) or in front
 * of the APP-NAME as "iwl_….postfix/smtp" (for senders that cannot add structured data, and RFC 3164).
 */
import { parseSyslogMessage, toLogLine } from "@inboxwatch/deliverability/logs";

export const SYSLOG_SD_ID = "inboxwatch@32473";
const APP_PREFIX_RE = /^(iwl_[0-9a-f]{24})(?:\.(.*))?$/;

export interface SyslogLine {
  token: string | null;
  line: string;
}

export function syslogFrameToLine(frame: string, now: Date = new Date()): SyslogLine {
  const m = parseSyslogMessage(frame, { year: now.getUTCFullYear() });
  let token = m.structuredData[SYSLOG_SD_ID]?.token ?? null;
  let appName = m.appName;
  const prefixed = APP_PREFIX_RE.exec(appName);
  if (prefixed) {
    token ??= prefixed[1] ?? null;
    appName = prefixed[2] ?? "";
  }
  // rsyslog's %msg% keeps the space after the RFC 3164 tag's colon; the formats expect none.
  const message = m.message.replace(/^ +/, "");
  return { token, line: toLogLine({ ...m, appName, message, time: m.time ?? now.toISOString() }) };
}
