import { describe, expect, it } from "vitest";

import { analyzeExperiment } from "./experiment.ts";
import { criticalValue } from "./normal.ts";
import { minimumDetectableEffect, sampleSizePerVariant } from "./power.ts";
import { differenceInterval, twoProportionZTest, wilsonInterval } from "./proportions.ts";
import { alwaysValidPValue } from "./sequential.ts";

describe("intervals and tests of proportions", () => {
  it("Wilson's interval of 8/10 is 0.4902–0.9433 (hand-computed)", () => {
    const i = wilsonInterval({ successes: 8, trials: 10 });
    expect(i?.low).toBeCloseTo(0.4902, 4);
    expect(i?.high).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
    expect(wilsonInterval({ successes: 0, trials: 50 })?.low).toBe(0);
  });

  it("Newcombe's method 10 gives 0.0524–0.3339 for 56/70 − 48/80 (his 1998 paper, example a)", () => {
    const i = differenceInterval({ successes: 48, trials: 80 }, { successes: 56, trials: 70 });
    expect(i?.low).toBeCloseTo(0.0524, 4);
    expect(i?.high).toBeCloseTo(0.3339, 4);
  });

  it("the pooled z-test of 56/70 vs 48/80 gives z = 2.650, p = 0.0080 (hand-computed: p̄ = 104/150, SE = 0.07547, z = 0.2 / SE)", () => {
    const t = twoProportionZTest({ successes: 48, trials: 80 }, { successes: 56, trials: 70 });
    expect(t?.z).toBeCloseTo(2.6502, 3);
    expect(t?.pValue).toBeCloseTo(0.008, 3);
    expect(twoProportionZTest({ successes: 0, trials: 10 }, { successes: 0, trials: 10 })).toBeNull();
  });

  it("uses the exact normal quantile (1.959964 for 95 %)", () => {
    expect(criticalValue(0.95)).toBeCloseTo(1.959964, 6);
  });
});

describe("sample size and minimum detectable effect", () => {
  it("needs 3,841 messages per variant to see 10 % → 12 % at α 0.05 and 80 % power (hand-computed)", () => {
    // p̄ = 0.11; (1.95996·√(2·0.11·0.89) + 0.84162·√(0.09 + 0.1056))² / 0.02² = 3840.8 → 3841
    expect(sampleSizePerVariant(0.1, 0.02)).toBe(3841);
  });

  it("inverts the sample size: with 3,841 per variant the detectable change is 2 points", () => {
    expect(minimumDetectableEffect(0.1, 3841)).toBeCloseTo(0.02, 3);
    expect(minimumDetectableEffect(0.1, 1)).toBeNull();
  });
});

/** A small seeded generator, so the simulation below is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the always-valid p-value", () => {
  it("is 1 without a difference and small for a large, well-sampled one", () => {
    expect(alwaysValidPValue({ successes: 100, trials: 1000 }, { successes: 100, trials: 1000 })).toBe(1);
    expect(alwaysValidPValue({ successes: 100, trials: 5000 }, { successes: 200, trials: 5000 })).toBeLessThan(0.001);
  });

  it("is never smaller than the fixed-horizon p-value on the same counts", () => {
    for (const [a, b] of [
      [120, 150],
      [500, 560],
      [40, 70],
    ] as const) {
      const A = { successes: a, trials: 1000 };
      const B = { successes: b, trials: 1000 };
      expect(alwaysValidPValue(A, B)).toBeGreaterThanOrEqual(twoProportionZTest(A, B)?.pValue ?? 1);
    }
  });

  it("keeps false positives under α when the user peeks after every 200 messages, where the z-test does not", () => {
    const random = mulberry32(42);
    const runs = 300;
    let sequentialFalse = 0;
    let peekingFalse = 0;
    for (let run = 0; run < runs; run++) {
      const a = { successes: 0, trials: 0 };
      const b = { successes: 0, trials: 0 };
      let seqHit = false;
      let zHit = false;
      for (let look = 0; look < 25; look++) {
        for (let i = 0; i < 200; i++) {
          a.trials++;
          b.trials++;
          if (random() < 0.2) a.successes++;
          if (random() < 0.2) b.successes++;
        }
        if ((alwaysValidPValue(a, b) ?? 1) < 0.05) seqHit = true;
        if ((twoProportionZTest(a, b)?.pValue ?? 1) < 0.05) zHit = true;
      }
      if (seqHit) sequentialFalse++;
      if (zHit) peekingFalse++;
    }
    expect(sequentialFalse / runs).toBeLessThanOrEqual(0.05);
    expect(peekingFalse / runs).toBeGreaterThan(0.1);
  });
});

describe("analyzeExperiment", () => {
  it("names a winner only when its interval excludes zero at the corrected α", () => {
    const result = analyzeExperiment(
      [
        { name: "A", successes: 400, trials: 4000 },
        { name: "B", successes: 520, trials: 4000 },
      ],
      { method: "fixed" },
    );
    expect(result.verdict).toMatchObject({ kind: "winner", variant: "B" });
    expect(result.comparisons[0]?.difference).toBeCloseTo(0.03, 10);
    expect(result.comparisons[0]?.interval?.low).toBeGreaterThan(0);
  });

  it("says how many messages are still needed when there is no difference yet", () => {
    const result = analyzeExperiment(
      [
        { name: "A", successes: 100, trials: 1000 },
        { name: "B", successes: 104, trials: 1000 },
      ],
      { plannedEffect: 0.02 },
    );
    expect(result.verdict).toEqual({ kind: "no-difference-yet", neededPerVariant: 3841 });
    expect(result.minimumDetectableEffect).toBeGreaterThan(0.02);
  });

  it("runs no test under 30 messages per variant, and halves α for two variants against one control", () => {
    const small = analyzeExperiment([
      { name: "A", successes: 5, trials: 20 },
      { name: "B", successes: 15, trials: 20 },
    ]);
    expect(small.verdict.kind).toBe("not-enough-data");
    const three = analyzeExperiment([
      { name: "A", successes: 100, trials: 1000 },
      { name: "B", successes: 110, trials: 1000 },
      { name: "C", successes: 90, trials: 1000 },
    ]);
    expect(three.alpha).toBeCloseTo(0.025, 10);
  });
});
