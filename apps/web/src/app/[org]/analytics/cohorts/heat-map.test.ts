import { describe, expect, it } from "vitest";

import { toCsv } from "@inboxwatch/ui";

import {
  bestCohortSentence,
  cellLook,
  contrastRatio,
  csvColumns,
  csvRows,
  heatColor,
  rateDomain,
  type ReadyCohorts,
  scalePosition,
} from "./heat-map";

const cell = (recipients: number, rate: ReadyCohorts["all"]["total"]["rate"], value: Record<string, number> = {}) => ({
  recipients,
  rate,
  interval: rate.state === "ok" ? { low: rate.value - 0.01, high: rate.value + 0.01 } : null,
  value,
});

const data: ReadyCohorts = {
  state: "ready",
  grouping: "source-provider",
  columns: "weeks-since-signup",
  metric: {
    id: "conversion",
    label: "Conversion rate",
    formula: "…",
    minVolume: 100,
    volumeNoun: "recipients",
    needsEngagement: false,
  },
  computedAt: new Date("2026-12-07T10:00:00Z"),
  durationMs: 1200,
  columnKeys: [
    { key: "0", label: "Week 0" },
    { key: "1", label: "Week 1" },
  ],
  rows: [
    {
      key: "google-ads|google",
      label: "google-ads × Gmail",
      source: "google-ads",
      provider: "google",
      total: cell(12_300, { state: "ok", value: 0.041, volume: 12_300 }, { EUR: 500 }),
      cells: {
        "0": cell(9000, { state: "ok", value: 0.05, volume: 9000 }, { EUR: 400 }),
        "1": cell(40, { state: "not-enough", volume: 40, minVolume: 100 }, { USD: 3 }),
      },
    },
  ],
  all: {
    total: cell(20_000, { state: "ok", value: 0.03, volume: 20_000 }),
    cells: { "0": cell(15_000, { state: "ok", value: 0.02, volume: 15_000 }) },
  },
  hiddenCohorts: 0,
  attributionDays: 7,
  hasEngagement: true,
  best: {
    key: "google-ads|google",
    label: "google-ads × Gmail",
    rate: 0.041,
    interval: { low: 0.036, high: 0.047 },
    volume: 12_300,
    recipients: 12_300,
  },
};

describe("cohort heat map", () => {
  it("says the best cohort with its interval and sample size", () => {
    expect(bestCohortSentence(data)).toBe("Best acquisition cohort: google-ads × Gmail, 4.1 % conversion (95 % CI 3.6–4.7 %), n = 12,300");
    expect(bestCohortSentence({ ...data, best: null })).toBeNull();
  });

  it("colours by rate on one sequential scale, dark text on light cells and white on dark", () => {
    expect(heatColor(0)).toEqual({ background: "rgb(239, 246, 255)", text: "#000000" });
    expect(heatColor(1)).toEqual({ background: "rgb(30, 58, 138)", text: "#ffffff" });
    expect(heatColor(Number.NaN).background).toBe("rgb(239, 246, 255)");
    // Every cell's text reads at WCAG AA (4.5:1) on its colour, all along the scale.
    for (let t = 0; t <= 1; t += 0.01) {
      const c = heatColor(t);
      const bg = (c.background.match(/\d+/g) ?? []).map(Number);
      const text = c.text === "#ffffff" ? [255, 255, 255] : [0, 0, 0];
      expect(contrastRatio(bg, text), `t = ${t.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
    }
    // The domain comes from the cohort rows' cells only; equal rates sit mid-scale.
    expect(rateDomain(data)).toEqual({ min: 0.05, max: 0.05 });
    expect(scalePosition(0.05, { min: 0.05, max: 0.05 })).toBe(0.5);
    expect(scalePosition(0.03, { min: 0.02, max: 0.04 })).toBeCloseTo(0.5);
  });

  it("prints n in every cell, and 'not enough' instead of a rate under the minimum volume", () => {
    const row = data.rows[0]!;
    expect(cellLook(row.cells["0"], { min: 0, max: 0.1 }, "recipients")).toMatchObject({
      kind: "rate",
      text: "5.0 %",
      n: "n = 9,000",
      t: 0.5,
    });
    expect(cellLook(row.cells["1"], null, "recipients")).toEqual({
      kind: "not-enough",
      n: "n = 40",
      title: "Not enough mail: 40 of the 100 recipients needed; 40 recipients",
    });
    expect(cellLook(undefined, null, "recipients")).toMatchObject({ kind: "no-data", n: null });
  });

  it("exports every cell and total with its counts, one column per currency", () => {
    const rows = csvRows(data);
    expect(rows.map((r) => `${r.cohort}/${r.column}`)).toEqual([
      "google-ads × Gmail/Week 0",
      "google-ads × Gmail/Week 1",
      "google-ads × Gmail/Total",
      "All cohorts/Week 0",
      "All cohorts/Total",
    ]);
    const csv = toCsv(rows, csvColumns(data)).split("\r\n");
    expect(csv[0]).toBe(
      "Cohort,Weeks since signup,Recipients,Conversion rate,State,Volume (recipients),CI low,CI high,Conversion value EUR,Conversion value USD",
    );
    expect(csv[2]).toBe("google-ads × Gmail,Week 1,40,,not-enough,40,,,,3");
  });
});
