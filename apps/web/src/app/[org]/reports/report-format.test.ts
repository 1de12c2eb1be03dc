import { describe, expect, it } from "vitest";

import { authResults, count, isoDay, percent, periodLabel } from "./report-format";

describe("report formatting", () => {
  it("writes a record's auth results from its parallel arrays, '?' for a result the report left out", () => {
    expect(authResults(["a.test", "b.test"], ["pass", undefined], (i) => (i === 0 ? " (s1)" : null))).toBe("a.test (s1): pass, b.test: ?");
    expect(authResults([], [])).toBe("–");
  });

  it("prints counts, percentages and days as the tabs show them", () => {
    expect(count(12345)).toBe("12,345");
    expect(percent(99.44)).toBe("99.4 %");
    expect(percent(null)).toBe("–");
    expect(isoDay("2026-12-07T23:59:00Z")).toBe("2026-12-07");
  });

  it("ends a period at midnight on the day before (whole-day reports)", () => {
    expect(periodLabel("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z")).toBe("1 Dec 2026");
  });
});
