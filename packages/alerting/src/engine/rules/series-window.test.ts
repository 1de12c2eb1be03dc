import { describe, expect, it } from "vitest";

import { aggregateWindow, lowerBound, medianOfWindow, type MetricPoint } from "./series-window.ts";

function sortedMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

describe("series windows", () => {
  const points: MetricPoint[] = [
    { at: 0, value: 10, volume: 10 },
    { at: 10, value: 20, volume: 30 },
    { at: 20, value: 0, volume: 0 },
    { at: 30, value: 40, volume: 60 },
  ];

  it("finds window bounds by binary search", () => {
    expect(lowerBound(points, -5)).toBe(0);
    expect(lowerBound(points, 10)).toBe(1);
    expect(lowerBound(points, 11)).toBe(2);
    expect(lowerBound(points, 31)).toBe(4);
  });

  it("weights rates by volume, sums counts, keeps the last gauge sample", () => {
    expect(aggregateWindow(points, 10, 30, "weighted_mean")).toMatchObject({ value: (20 * 30 + 40 * 60) / 90, volume: 90, points: 3 });
    expect(aggregateWindow(points, 0, 30, "sum").value).toBe(70);
    expect(aggregateWindow(points, 0, 25, "last").value).toBe(0);
    expect(aggregateWindow(points, 100, 200, "weighted_mean")).toMatchObject({ value: null, volume: 0, points: 0 });
    expect(aggregateWindow(points, 20, 20, "weighted_mean").value).toBeNull();
  });

  it("computes the same median as sorting, ignoring buckets without volume", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [1, 2, 3, 10, 11, 168, 169]) {
      const series = Array.from({ length: n }, (_, i) => ({ at: i, value: Math.round(random() * 50), volume: i % 5 === 4 ? 0 : 1 }));
      const expected = series.filter((p) => p.volume > 0).map((p) => p.value);
      const got = medianOfWindow(series, 0, n);
      expect(got.samples).toBe(expected.length);
      expect(got.median).toBe(expected.length ? sortedMedian(expected) : null);
    }
    expect(medianOfWindow([], 0, 10)).toEqual({ median: null, samples: 0 });
  });
});
