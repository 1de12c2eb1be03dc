/**
 * Syslog line prefixes: "2023-03-14T00:00:31.185246+01:00 host prog[pid]: msg" (RFC 5424 / rsyslog
 * high-precision) or "Mar 14 00:00:31 host prog[pid]: msg" (RFC 3164 §4.1.2, no year, no zone: read as UTC).
 * Hand-written scanning: this runs on every line, and a regex here dominated the profile.
 */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

export interface SyslogPrefix {
  /** The timestamp as written; convert with `isoTime()` only for lines that need it (it is the costly part). */
  rawTime: string;
  host: string;
  program: string;
  pid: string;
  /** Offset where the message (after "prog[pid]: ") starts. */
  msgStart: number;
}

function isoFromLegacy(mon: string, day: string, clock: string, year: number): string | null {
  const m = MONTHS[mon];
  if (m === undefined || clock.length < 8) return null;
  const d = Number(day);
  const h = Number(clock.slice(0, 2));
  const mi = Number(clock.slice(3, 5));
  const s = Number(clock.slice(6, 8));
  if (!Number.isFinite(d + h + mi + s)) return null;
  return new Date(Date.UTC(year, m, d, h, mi, s)).toISOString();
}

/** ISO 8601 (UTC) for a timestamp as `parseSyslogPrefix` found it; null when it cannot be read. */
export function isoTime(raw: string, year: number): string | null {
  const c0 = raw.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return isoFromLegacy(raw.slice(0, 3), raw.slice(4, 6).trim(), raw.slice(7, 15), year);
}

/** Reads the timestamp, host and program of a syslog-formatted line; null when the line is not one. */
export function parseSyslogPrefix(line: string, _year: number): SyslogPrefix | null {
  let pos: number;
  const c0 = line.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    // RFC 3339 timestamp up to the first space.
    pos = line.indexOf(" ");
    if (pos < 0) return null;
  } else {
    // "Mmm dd hh:mm:ss" with a space-padded day.
    if (line.length < 16 || line.charCodeAt(3) !== 32 || MONTHS[line.slice(0, 3)] === undefined) return null;
    pos = 15;
  }
  const rawTime = line.slice(0, pos);
  const hostEnd = line.indexOf(" ", pos + 1);
  if (hostEnd < 0) return null;
  const host = line.slice(pos + 1, hostEnd);
  const colon = line.indexOf(": ", hostEnd + 1);
  if (colon < 0) return null;
  let tag = line.slice(hostEnd + 1, colon);
  let pid = "";
  const br = tag.indexOf("[");
  if (br >= 0) {
    pid = tag.slice(br + 1, tag.length - 1);
    tag = tag.slice(0, br);
  }
  return { rawTime, host, program: tag, pid, msgStart: colon + 2 };
}
