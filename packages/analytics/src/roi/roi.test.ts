import { describe, expect, it } from "vitest";

import { computeRoi, type PeriodMeasures, type RoiAssumptions } from "./model.ts";
import { recoveryCycle } from "./recovery.ts";

const assumptions: RoiAssumptions = {
  currency: "EUR",
  valuePerConversion: 50,
  valuePerDeliveredMessage: null,
  costPerDowntimeHour: 200,
  costPerQueueDelayHour: 30,
};
const baseline: PeriodMeasures = {
  attempted: 90_000,
  acceptedRate: 0.9,
  inboxRate: 0.8,
  conversionRate: 0.01,
  downtimeHours: 5,
  queueDelayHours: 10,
};
const current: PeriodMeasures = {
  attempted: 100_000,
  acceptedRate: 0.95,
  inboxRate: 0.85,
  conversionRate: 0.01,
  downtimeHours: 1,
  queueDelayHours: 4,
};

describe("the ROI model", () => {
  it("values the period against its baseline (hand-computed)", () => {
    const roi = computeRoi(assumptions, current, baseline);
    expect(roi.incrementalAccepted.value).toBeCloseTo(5000, 6); // (0.95 − 0.9) × 100,000
    expect(roi.incrementalInbox.value).toBeCloseTo(8750, 6); // (0.95·0.85 − 0.9·0.8) × 100,000
    expect(roi.revenueFromDelivery.value).toBeCloseTo(4375, 6); // 8,750 × 0.01 × 50
    expect(roi.avoidedDowntimeCost.value).toBe(800); // (5 − 1) × 200
    expect(roi.avoidedQueueDelayCost.value).toBe(180); // (10 − 4) × 30
    expect(roi.total.value).toBeCloseTo(5355, 6);
  });

  it("opens every figure to its formula and inputs", () => {
    const roi = computeRoi(assumptions, current, baseline);
    expect(roi.revenueFromDelivery.formula).toBe("incremental inbox messages × conversion rate × value per conversion");
    expect(roi.revenueFromDelivery.inputs.map((i) => [i.label, i.unit])).toEqual([
      ["Incremental inbox messages", "messages"],
      ["Value per message", "EUR"],
    ]);
    expect(roi.revenueFromDelivery.inputs[0]?.value).toBeCloseTo(8750, 6);
    expect(roi.revenueFromDelivery.inputs[1]?.value).toBeCloseTo(0.5, 10);
  });

  it("shows no figure, not 0, when the value of a message is unknown", () => {
    const roi = computeRoi({ ...assumptions, valuePerConversion: null }, current, baseline);
    expect(roi.revenueFromDelivery.value).toBeNull();
    expect(roi.total.inputs[0]?.label).toBe("Revenue from better delivery (no data)");
    expect(roi.total.value).toBe(980);
  });

  it("falls back to accepted messages when there is no inbox measure", () => {
    const roi = computeRoi(assumptions, { ...current, inboxRate: null }, baseline);
    expect(roi.incrementalInbox.value).toBeNull();
    expect(roi.revenueFromDelivery.value).toBeCloseTo(2500, 6); // 5,000 × 0.5
  });
});

describe("recovery cycles", () => {
  const day = 86_400_000;
  const series = [
    { at: 0, attempted: 1000, value: 0.95 },
    { at: day, attempted: 1000, value: 0.6 }, // blocklisted
    { at: 2 * day, attempted: 1000, value: null }, // too little mail: neither ends nor adds
    { at: 3 * day, attempted: 1000, value: 0.8 },
    { at: 4 * day, attempted: 1000, value: 0.94 },
  ];

  it("runs from the start to the first bucket back within tolerance, and costs the messages lost", () => {
    const cycle = recoveryCycle(series, day, 0.95, 0.02, 0.5, "EUR");
    expect(cycle.recoveredAt).toBe(4 * day);
    expect(cycle.durationHours).toBe(72);
    expect(cycle.lostMessages).toBeCloseTo(500, 6); // (0.35 + 0.15) × 1000
    expect(cycle.cost.value).toBeCloseTo(250, 6);
  });

  it("stays open while the metric has not recovered", () => {
    expect(recoveryCycle(series.slice(0, 4), day, 0.95, 0.02, null, "EUR")).toMatchObject({
      recoveredAt: null,
      durationHours: null,
      cost: { value: null },
    });
  });
});
