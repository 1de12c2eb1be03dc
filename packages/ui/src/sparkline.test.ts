import { describe, expect, it } from "vitest";

import { sparklineGeometry } from "./sparkline-geometry.ts";

describe("sparklineGeometry", () => {
  it("draws nothing for no values, a centred dot for one", () => {
    expect(sparklineGeometry([], 100, 20)).toEqual({ path: "", dots: [], count: 0 });
    expect(sparklineGeometry([null, null], 100, 20)).toEqual({ path: "", dots: [], count: 0 });
    expect(sparklineGeometry([42], 100, 20)).toEqual({ path: "", dots: [{ x: 50, y: 10 }], count: 1 });
  });

  it("scales larger values higher, breaks the line at gaps, and marks lone and last points", () => {
    const g = sparklineGeometry([0, 10, null, 5, null, 10], 100, 24);
    expect(g.count).toBe(4);
    // Two points make a run (0 at the bottom, 10 at the top); 5 and the last 10 stand alone.
    expect(g.path).toBe("M2 22 L21.2 2");
    expect(g.dots).toEqual([
      { x: 59.6, y: 12 },
      { x: 98, y: 2 },
    ]);
  });

  it("keeps a flat series in the middle and honours fixed bounds", () => {
    expect(sparklineGeometry([3, 3, 3], 10, 20).path).toBe("M2 10 L5 10 L8 10");
    expect(sparklineGeometry([0, 4], 10, 20, { min: 0, max: 8 }).path).toBe("M2 18 L8 10");
  });
});
