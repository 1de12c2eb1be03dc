import { describe, expect, it } from "vitest";

import { daysOf, describeSchedule, nextRunAt, parsePeriodKey, periodForRun, previousPeriodOf, type ReportSchedule } from "./schedule.ts";

const mondays8: ReportSchedule = { cadence: "weekly", weekday: 1, monthDay: null, sendHour: 8 };
const firstOfMonth8: ReportSchedule = { cadence: "monthly", weekday: null, monthDay: 1, sendHour: 8 };
const HOUR = 3_600_000;

describe("weekly schedules across daylight-saving changes", () => {
  it("keeps 08:00 on the wall clock after clocks go back (Paris, 25 Oct 2026)", () => {
    const before = nextRunAt(mondays8, "Europe/Paris", new Date("2026-10-17T12:00:00Z"));
    expect(before.toISOString()).toBe("2026-10-19T06:00:00.000Z"); // CEST, UTC+2
    const after = nextRunAt(mondays8, "Europe/Paris", before);
    expect(after.toISOString()).toBe("2026-10-26T07:00:00.000Z"); // CET, UTC+1
  });

  it("covers the 169-hour week that contains the autumn change, from local midnight to local midnight", () => {
    const period = periodForRun(mondays8, "Europe/Paris", new Date("2026-10-26T07:00:00Z"));
    expect(period.from.toISOString()).toBe("2026-10-18T22:00:00.000Z");
    expect(period.to.toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect((period.to.getTime() - period.from.getTime()) / HOUR).toBe(169);
    expect(period.key).toBe("2026-W43");
    expect(period.label).toBe("19 Oct – 25 Oct 2026");
  });

  it("covers the 167-hour week that contains the spring change", () => {
    const run = nextRunAt(mondays8, "Europe/Paris", new Date("2026-03-28T00:00:00Z"));
    expect(run.toISOString()).toBe("2026-03-30T06:00:00.000Z");
    const period = periodForRun(mondays8, "Europe/Paris", run);
    expect(period.from.toISOString()).toBe("2026-03-22T23:00:00.000Z");
    expect(period.to.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect((period.to.getTime() - period.from.getTime()) / HOUR).toBe(167);
    expect(daysOf(period, "Europe/Paris").map((d) => d.toISOString())).toEqual([
      "2026-03-22T23:00:00.000Z",
      "2026-03-23T23:00:00.000Z",
      "2026-03-24T23:00:00.000Z",
      "2026-03-25T23:00:00.000Z",
      "2026-03-26T23:00:00.000Z",
      "2026-03-27T23:00:00.000Z",
      "2026-03-28T23:00:00.000Z",
    ]);
  });

  it("moves a send hour that does not exist on the spring-forward day to the next valid time", () => {
    const sundays2 = { ...mondays8, weekday: 7, sendHour: 2 };
    expect(nextRunAt(sundays2, "Europe/Paris", new Date("2026-03-28T12:00:00Z")).toISOString()).toBe("2026-03-29T01:00:00.000Z"); // 03:00 CEST
  });

  it("is strictly after the given instant, so a run at its own time schedules the next week", () => {
    const run = new Date("2026-12-07T08:00:00Z");
    expect(nextRunAt(mondays8, "UTC", run).toISOString()).toBe("2026-12-14T08:00:00.000Z");
    expect(nextRunAt(mondays8, "UTC", new Date(run.getTime() - 1)).toISOString()).toBe(run.toISOString());
  });

  it("names weeks by the ISO week of their first day, across a year end", () => {
    const period = periodForRun(mondays8, "UTC", new Date("2027-01-04T08:00:00Z"));
    expect(period.key).toBe("2026-W53");
    expect(period.label).toBe("28 Dec 2026 – 3 Jan 2027");
    expect(previousPeriodOf(period, "weekly", "UTC").key).toBe("2026-W52");
  });
});

describe("monthly schedules", () => {
  it("sends on the chosen day at the local hour and covers the previous calendar month (New York, clocks go back on 1 Nov)", () => {
    const run = nextRunAt(firstOfMonth8, "America/New_York", new Date("2026-10-15T00:00:00Z"));
    expect(run.toISOString()).toBe("2026-11-01T13:00:00.000Z"); // 08:00 EST
    const period = periodForRun(firstOfMonth8, "America/New_York", run);
    expect(period.from.toISOString()).toBe("2026-10-01T04:00:00.000Z");
    expect(period.to.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(period.key).toBe("2026-10");
    expect(period.label).toBe("October 2026");
    expect(daysOf(period, "America/New_York")).toHaveLength(31);
    expect(previousPeriodOf(period, "monthly", "America/New_York").key).toBe("2026-09");
  });

  it("refuses a day of month that some months lack", () => {
    expect(() => nextRunAt({ ...firstOfMonth8, monthDay: 31 }, "UTC", new Date())).toThrow(/1 … 28/);
  });
});

describe("period keys", () => {
  it("parses months and ISO weeks in the organization's zone", () => {
    expect(parsePeriodKey("2026-11", "Europe/Paris")?.period.from.toISOString()).toBe("2026-10-31T23:00:00.000Z");
    const week = parsePeriodKey("2026-W49", "UTC");
    expect(week?.cadence).toBe("weekly");
    expect(week?.period.from.toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("rejects what is not a period", () => {
    expect(parsePeriodKey("2026-13", "UTC")).toBeNull();
    expect(parsePeriodKey("2025-W53", "UTC")).toBeNull();
    expect(parsePeriodKey("november", "UTC")).toBeNull();
  });

  it("describes a schedule the way people say it", () => {
    expect(describeSchedule(mondays8, "Europe/Paris")).toBe("Every Monday at 8:00 (Europe/Paris)");
    expect(describeSchedule({ ...firstOfMonth8, monthDay: 22 }, "UTC")).toBe("On the 22nd of each month at 8:00 (UTC)");
  });
});
