// The report's number formats, worked by hand: every renderer prints these strings as they are.
import { describe, expect, it } from "vitest";

import {
  deltaDisplay,
  display,
  formatCount,
  formatMoney,
  formatMs,
  formatPercent,
  formatPointDelta,
  formatRatio,
  noiseBand,
  trend,
  weekdayIn,
} from "./format.ts";

describe("report number formats", () => {
  it("writes percentages, point deltas with a true minus, durations, counts, ratios and money", () => {
    expect(formatPercent(0.98234)).toBe("98.2 %");
    expect(formatPercent(0.0012)).toBe("0.12 %");
    expect(formatPercent(0)).toBe("0.0 %");
    expect(formatPointDelta(-0.031)).toBe("\u22123.1 pt");
    expect(formatPointDelta(0.004)).toBe("+0.4 pt");
    expect(formatPointDelta(0.0004)).toBe("+0.04 pt");
    expect(formatPointDelta(0)).toBe("±0.0 pt");
    expect(formatMs(842.4)).toBe("842 ms");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(formatMs(125_000)).toBe("2.1 min");
    expect(formatCount(1_234_567.4)).toBe("1,234,567");
    expect(formatRatio(4.04)).toBe("4.0×");
    expect(formatMoney(1234.5, "EUR")).toBe("€1,234.50");
  });

  it("displays a KPI value by its state, and its delta in the KPI's unit", () => {
    expect(display({ state: "ok", value: 0.982, volume: 500 }, "fraction")).toBe("98.2 %");
    expect(display({ state: "not-enough", volume: 37, minVolume: 100 }, "fraction")).toBe("not enough mail (37 of 100)");
    expect(display({ state: "not-enough", volume: 5, minVolume: 12 }, "fraction", "probes")).toBe("not enough probes (5 of 12)");
    expect(display({ state: "no-data" }, "seconds")).toBe("no data");
    expect(display({ state: "ok", value: 2.5, volume: 40 }, "seconds")).toBe("2.5 s");
    expect(deltaDisplay(-0.012, "seconds")).toBe("\u221212 ms");
    expect(deltaDisplay(0.004, "fraction")).toBe("+0.4 pt");
    expect(deltaDisplay(null, "fraction")).toBeNull();
  });

  it("calls a change news only outside the noise band of two proportions", () => {
    const before = { state: "ok" as const, value: 0.98, volume: 14_000 };
    // 1.96 × √(0.95·0.05/14000 + 0.98·0.02/14000) = 0.00429
    expect(noiseBand({ state: "ok", value: 0.95, volume: 14_000 }, before, "fraction")).toBeCloseTo(0.004291, 5);
    expect(trend({ state: "ok", value: 0.95, volume: 14_000 }, before, "fraction", "higher")).toBe("worse");
    expect(trend({ state: "ok", value: 0.983, volume: 14_000 }, before, "fraction", "higher")).toBe("flat");
    expect(trend({ state: "ok", value: 0.95, volume: 14_000 }, before, "fraction", "lower")).toBe("better");
    // Over 200 messages a point and a half is within noise (band 2.7 pt).
    expect(trend({ state: "ok", value: 0.965, volume: 200 }, { state: "ok", value: 0.98, volume: 200 }, "fraction", "higher")).toBe("flat");
    expect(trend({ state: "ok", value: 3, volume: 50 }, { state: "ok", value: 2, volume: 50 }, "seconds", "lower")).toBe("worse");
    expect(trend({ state: "no-data" }, before, "fraction", "higher")).toBe("unknown");
    expect(trend(before, null, "fraction", "higher")).toBe("unknown");
  });

  it("names weekdays in the organization's time zone", () => {
    // 23:30 UTC on Monday is already Tuesday in Paris.
    expect(weekdayIn(new Date("2026-11-30T23:30:00Z"), "UTC")).toBe("Monday");
    expect(weekdayIn(new Date("2026-11-30T23:30:00Z"), "Europe/Paris")).toBe("Tuesday");
  });
});
