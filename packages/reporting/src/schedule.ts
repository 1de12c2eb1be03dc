/**
 * When a recurring report is sent and which period it covers, in the organization's time zone (issue 14,
 * point 1). Everything is computed in local calendar terms with luxon and converted to instants at the end,
 * so a week that contains a daylight-saving change is 167 or 169 hours long and still starts and ends at
 * local midnight, and "every Monday at 08:00" stays 08:00 on the wall clock all year.
 */
import { DateTime, IANAZone } from "luxon";

import { type ReportCadence } from "./figures.ts";

export interface ReportSchedule {
  cadence: ReportCadence;
  /** ISO weekday 1 (Monday) … 7 (Sunday); weekly reports. */
  weekday: number | null;
  /** 1 … 28; monthly reports. */
  monthDay: number | null;
  /** Local hour 0 … 23. */
  sendHour: number;
}

export interface LocalPeriod {
  from: Date;
  to: Date;
  /** "2026-W49" (ISO week of the first day) or "2026-11": names the run, so a period is built once. */
  key: string;
  /** "30 Nov – 6 Dec 2026", "November 2026". */
  label: string;
}

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function local(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

function checkSchedule(s: ReportSchedule): void {
  if (s.cadence === "weekly" && (s.weekday === null || s.weekday < 1 || s.weekday > 7)) throw new RangeError("weekday must be 1 … 7");
  if (s.cadence === "monthly" && (s.monthDay === null || s.monthDay < 1 || s.monthDay > 28))
    throw new RangeError("monthDay must be 1 … 28");
  if (!Number.isInteger(s.sendHour) || s.sendHour < 0 || s.sendHour > 23) throw new RangeError("sendHour must be 0 … 23");
}

/** The local send time of the run on the local day `day` (a send hour skipped by a spring-forward change moves to the next valid time). */
function sendTimeOn(day: DateTime, s: ReportSchedule): DateTime {
  return day.startOf("day").set({ hour: s.sendHour, minute: 0, second: 0, millisecond: 0 });
}

/** The first scheduled send strictly after `after`. */
export function nextRunAt(s: ReportSchedule, timeZone: string, after: Date): Date {
  checkSchedule(s);
  const now = local(after, timeZone);
  if (s.cadence === "weekly") {
    const weekday = s.weekday ?? 1;
    for (let i = 0; i <= 7; i++) {
      const candidate = sendTimeOn(now.plus({ days: i }), s);
      if (candidate.weekday === weekday && candidate > now) return candidate.toJSDate();
    }
  } else {
    const monthDay = s.monthDay ?? 1;
    for (let i = 0; i <= 1; i++) {
      const candidate = sendTimeOn(now.startOf("month").plus({ months: i }).set({ day: monthDay }), s);
      if (candidate > now) return candidate.toJSDate();
    }
  }
  throw new Error("unreachable: a weekly or monthly run exists in the next 8 days or 2 months");
}

/** The period a run sent at `runAt` covers: the 7 local days before the send day, or the previous calendar month. */
export function periodForRun(s: ReportSchedule, timeZone: string, runAt: Date): LocalPeriod {
  const day = local(runAt, timeZone).startOf("day");
  if (s.cadence === "weekly") return weekFrom(day.minus({ days: 7 }));
  return monthFrom(day.startOf("month").minus({ months: 1 }));
}

function weekFrom(start: DateTime): LocalPeriod {
  const end = start.plus({ days: 7 });
  const last = end.minus({ days: 1 });
  const sameYear = start.year === last.year;
  const label = `${start.toFormat(sameYear ? "d LLL" : "d LLL yyyy")} – ${last.toFormat("d LLL yyyy")}`;
  return { from: start.toJSDate(), to: end.toJSDate(), key: `${start.weekYear}-W${String(start.weekNumber).padStart(2, "0")}`, label };
}

function monthFrom(start: DateTime): LocalPeriod {
  return {
    from: start.toJSDate(),
    to: start.plus({ months: 1 }).toJSDate(),
    key: start.toFormat("yyyy-MM"),
    label: start.toFormat("LLLL yyyy"),
  };
}

/** The period of the same cadence just before `p` (the previous 7 local days, or the previous month). */
export function previousPeriodOf(p: LocalPeriod, cadence: ReportCadence, timeZone: string): LocalPeriod {
  const start = local(p.from, timeZone);
  return cadence === "weekly" ? weekFrom(start.minus({ days: 7 })) : monthFrom(start.minus({ months: 1 }));
}

/**
 * A period named by its key, for "render November" from the CLI: "2026-11" (a calendar month) or
 * "2026-W48" (an ISO week, Monday to Sunday). Null when the key is neither.
 */
export function parsePeriodKey(key: string, timeZone: string): { cadence: ReportCadence; period: LocalPeriod } | null {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const start = DateTime.fromObject({ year: Number(month[1]), month: Number(month[2]), day: 1 }, { zone: timeZone });
    return start.isValid ? { cadence: "monthly", period: monthFrom(start) } : null;
  }
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week) {
    const start = DateTime.fromObject({ weekYear: Number(week[1]), weekNumber: Number(week[2]), weekday: 1 }, { zone: timeZone });
    return start.isValid && start.weekNumber === Number(week[2]) ? { cadence: "weekly", period: weekFrom(start) } : null;
  }
  return null;
}

/** The week or month that starts at `from` (a local midnight), e.g. to rebuild an archived edition's period. */
export function periodStartingAt(from: Date, cadence: ReportCadence, timeZone: string): LocalPeriod {
  const start = local(from, timeZone).startOf("day");
  return cadence === "weekly" ? weekFrom(start) : monthFrom(start.startOf("month"));
}

/** The local day starts of a period (7 for a week, 28 … 31 for a month), as instants: the sparklines' x axis. */
export function daysOf(p: { from: Date; to: Date }, timeZone: string): Date[] {
  const days: Date[] = [];
  for (let d = local(p.from, timeZone).startOf("day"); d.toJSDate() < p.to; d = d.plus({ days: 1 })) days.push(d.toJSDate());
  return days;
}

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "Monday 8:00 (Europe/Paris)", "the 1st of each month at 8:00 (UTC)" — how the UI and mails describe a schedule. */
export function describeSchedule(s: ReportSchedule, timeZone: string): string {
  const hour = `${s.sendHour}:00`;
  if (s.cadence === "weekly") {
    const name = WEEKDAY_NAMES[(s.weekday ?? 1) - 1] ?? "Monday";
    return `Every ${name} at ${hour} (${timeZone})`;
  }
  const d = s.monthDay ?? 1;
  const suffix = d % 10 === 1 && d !== 11 ? "st" : d % 10 === 2 && d !== 12 ? "nd" : d % 10 === 3 && d !== 13 ? "rd" : "th";
  return `On the ${d}${suffix} of each month at ${hour} (${timeZone})`;
}
