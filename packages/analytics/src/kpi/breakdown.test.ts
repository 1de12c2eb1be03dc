import { describe, expect, it } from "vitest";

import { rateBreakdown } from "./breakdown.ts";
import { quantileFromHistogram } from "./histogram.ts";

describe("rateBreakdown", () => {
  it("sums repeated keys and sorts the largest first over one denominator", () => {
    const rows = [
      { key: "421", count: 30 },
      { key: "450", count: 10 },
      { key: "421", count: 20 },
      { key: "451", count: 0 },
    ];
    expect(rateBreakdown(rows, 1000, 100)).toEqual([
      { key: "421", count: 50, rate: { state: "ok", value: 0.05, volume: 1000 } },
      { key: "450", count: 10, rate: { state: "ok", value: 0.01, volume: 1000 } },
    ]);
  });
});

describe("quantileFromHistogram", () => {
  it("interpolates inside the bucket and answers the lower bound of the open-ended one", () => {
    expect(quantileFromHistogram([0, 10], 0.5, [1, 3])).toBeCloseTo(2, 10);
    expect(quantileFromHistogram([0, 0, 5], 0.5, [1, 3, Infinity])).toBe(3);
    expect(quantileFromHistogram([0, 0], 0.5, [1, 3])).toBeNull();
  });
});
