/**
 * Exim mainlog lines (exim spec, chapter "Log files"): `<=` arrival, `=>` delivery, `->` further
 * recipient of the same delivery, `**` permanent failure, `==` deferral, `Completed`. Lines may carry a
 * syslog prefix (log_file_path = syslog) or start with Exim's own "YYYY-MM-DD HH:MM:SS [pid] ".
 */
import { isoTime, parseSyslogPrefix } from "./timestamp.ts";
import { type DeliveryStatus, type LineRecord, type LogFormat, type ParseContext } from "./types.ts";

/** Exim message ids: 6-6-2 base-62 before 4.97, 6-11-4 since. */
const EXIM_ID_RE = /^[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}$/;

/** The value of a ` K=value` item (quoted values keep their spaces). */
function item(s: string, key: string): string {
  const at = s.indexOf(` ${key}=`);
  if (at < 0) return "";
  const start = at + key.length + 2;
  if (s.charCodeAt(start) === 34) {
    const end = s.indexOf('"', start + 1);
    return s.slice(start + 1, end < 0 ? s.length : end);
  }
  const end = s.indexOf(" ", start);
  return s.slice(start, end < 0 ? s.length : end);
}

/** " H=mx.example.org [192.0.2.1]" → host and ip. */
function hostItem(s: string): { host: string; ip: string } {
  const at = s.indexOf(" H=");
  if (at < 0) return { host: "", ip: "" };
  const rest = s.slice(at + 3);
  const sp = rest.indexOf(" ");
  const host = sp < 0 ? rest : rest.slice(0, sp);
  const open = rest.indexOf("[");
  const close = rest.indexOf("]", open);
  const ip = open >= 0 && close > open && open <= sp + 2 ? rest.slice(open + 1, close) : "";
  return { host: host.replace(/^\(|\)$/g, ""), ip };
}

function durationSeconds(v: string): number | null {
  if (v === "") return null;
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)([wdhms])/g)) {
    const n = Number(m[1]);
    total += n * ({ w: 604800, d: 86400, h: 3600, m: 60, s: 1 }[m[2] as "w" | "d" | "h" | "m" | "s"] ?? 1);
  }
  return total;
}

function parseEximBody(body: string, time: string | null, host: string): LineRecord | null {
  const sp = body.indexOf(" ");
  const id = sp < 0 ? body : body.slice(0, sp);
  if (!EXIM_ID_RE.test(id)) return null;
  const rest = body.slice(sp + 1);
  const flag = rest.slice(0, 2);
  if (flag === "<=") {
    const after = rest.slice(3);
    const sender = after.slice(0, after.indexOf(" ") < 0 ? after.length : after.indexOf(" "));
    const size = item(rest, "S");
    return {
      kind: "message",
      time,
      host,
      queueId: id,
      sender: sender === "<>" ? "" : sender,
      messageId: item(rest, "id"),
      size: size ? Number(size) : undefined,
    };
  }
  if (rest.startsWith("Completed")) return { kind: "removed", time, host, queueId: id };
  const status: DeliveryStatus | null =
    flag === "=>" || flag === "->" ? "sent" : flag === "**" ? "bounced" : flag === "==" ? "deferred" : null;
  if (status === null) return { kind: "ignored" };
  const after = rest.slice(3);
  const rcptEnd = after.indexOf(" ");
  let recipient = rcptEnd < 0 ? after : after.slice(0, rcptEnd);
  let origRecipient = "";
  // "user@example.org <orig@example.org>" when a router rewrote the address.
  const angle = after.indexOf(" <");
  if (angle === rcptEnd && angle >= 0) origRecipient = after.slice(angle + 2, after.indexOf(">", angle));
  if (recipient.endsWith(":")) recipient = recipient.slice(0, -1);
  const { host: relayHost, ip: relayIp } = hostItem(rest);
  // Failures: "… : SMTP error from remote mail server after RCPT TO:<x>: 550 5.1.1 …"; success: C="250 …".
  const colon = status === "sent" ? -1 : rest.indexOf(": ");
  const response = status === "sent" ? item(rest, "C") : colon < 0 ? "" : rest.slice(colon + 2);
  const x = item(rest, "X");
  const tls = x
    ? { trust: item(rest, "CV") === "yes" ? "Verified" : "Untrusted", protocol: x.split(":")[0] ?? "", cipher: x.split(":")[1] ?? "" }
    : null;
  return {
    kind: "delivery",
    time,
    host,
    queueId: id,
    partial: {
      recipient: recipient.replace(/^<|>$/g, ""),
      origRecipient,
      status,
      relayHost,
      relayIp,
      relayPort: null,
      delaySeconds: durationSeconds(item(rest, "QT")),
      response,
      tls,
    },
  };
}

const EXIM_TIME_RE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)(?: ([+-]\d{4}))? (?:\[\d+\] )?/;

export const eximFormat: LogFormat = {
  name: "exim",
  parseLine(line: string, ctx: ParseContext): LineRecord | null {
    const own = EXIM_TIME_RE.exec(line);
    if (own?.[1]) {
      const zone = own[2] ? `${own[2].slice(0, 3)}:${own[2].slice(3)}` : "Z";
      const ms = Date.parse(`${own[1].replace(" ", "T")}${zone}`);
      return parseEximBody(line.slice(own[0].length), Number.isNaN(ms) ? null : new Date(ms).toISOString(), "");
    }
    const prefix = parseSyslogPrefix(line, ctx.year);
    if (!prefix?.program.startsWith("exim")) return null;
    return parseEximBody(line.slice(prefix.msgStart), isoTime(prefix.rawTime, ctx.year), prefix.host);
  },
};
