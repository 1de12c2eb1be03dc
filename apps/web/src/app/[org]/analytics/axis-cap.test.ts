import { describe, expect, it } from "vitest";

import { latencyAxisCap } from "./axis-cap";

describe("latency axis cap", () => {
  it("stops the axis at 1.5 × the 95th percentile when one point towers over the rest", () => {
    const values = [...Array.from({ length: 99 }, (_, i) => 10 + (i % 5)), 18_000];
    expect(latencyAxisCap(values)).toBe(Math.ceil(14 * 1.5));
  });

  it("leaves the axis alone when nothing runs off, or with too few points to judge", () => {
    expect(latencyAxisCap(Array.from({ length: 50 }, (_, i) => i))).toBeNull();
    expect(latencyAxisCap([1, 2, 9000])).toBeNull();
    expect(latencyAxisCap(Array.from({ length: 40 }, () => null))).toBeNull();
  });
});
