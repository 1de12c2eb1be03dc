import { describe, expect, it } from "vitest";

import { computeKpis, KPI_CATALOGUE, KPI_IDS, kpiDefinition } from "./catalogue.ts";
import { emptyKpiInputs, type KpiInputs, LATENCY_BUCKETS_SECONDS } from "./inputs.ts";
import { deltaOf, rateValue } from "./value.ts";

/** A week of one sender, hand-counted: every expected figure below is worked out in its comment. */
function weekOfMail(): KpiInputs {
  const inputs = emptyKpiInputs();
  inputs.delivery = { attempted: 2000, accepted: 1800, deferred: 120, hardBounced: 50, softBounced: 30, reply4xx: 100, reply5xx: 60 };
  inputs.complaints = { complaints: 3, providerReportedRate: null };
  inputs.engagement = { delivered: 1000, opened: 400, machineOnlyOpened: 150, clicked: 80, unsubscribed: 5 };
  inputs.auth = { messages: 500, spfAligned: 450, dkimAligned: 480, dmarcPass: 490 };
  inputs.ports = { 25: { probes: 288, up: 286 }, 587: { probes: 288, up: 288 }, 465: { probes: 5, up: 5 } };
  const latency = LATENCY_BUCKETS_SECONDS.map(() => 0);
  latency[0] = 50; // ≤ 0.5 s
  latency[1] = 30; // 0.5–1 s
  latency[3] = 20; // 2–5 s
  inputs.latency = { counts: latency };
  inputs.queue = { samples: 4, sumDepth: 40, maxDepth: 25 };
  return inputs;
}

function ok(value: ReturnType<typeof rateValue>): number {
  if (value.state !== "ok") throw new Error(`expected a figure, got ${value.state}`);
  return value.value;
}

describe("the KPI catalogue", () => {
  it("lists every KPI once, in the documented order, each with a formula, source, caveat and minimum volume", () => {
    expect(KPI_CATALOGUE.map((k) => k.id)).toEqual([...KPI_IDS]);
    for (const kpi of KPI_CATALOGUE) {
      expect(kpi.formula.length, kpi.id).toBeGreaterThan(10);
      expect(kpi.source.length, kpi.id).toBeGreaterThan(5);
      expect(kpi.caveat.length, kpi.id).toBeGreaterThan(10);
      expect(kpi.minVolume, kpi.id).toBeGreaterThanOrEqual(1);
    }
  });

  it("computes each rate of a hand-counted week", () => {
    const k = computeKpis(weekOfMail());
    const get = (id: (typeof KPI_IDS)[number]) => ok(k.get(id) ?? { state: "no-data" });
    expect(get("accepted_rate")).toBeCloseTo(0.9, 10); // 1800 / 2000
    expect(get("hard_bounce_rate")).toBeCloseTo(0.025, 10); // 50 / 2000
    expect(get("soft_bounce_rate")).toBeCloseTo(0.015, 10); // 30 / 2000
    expect(get("deferral_rate")).toBeCloseTo(0.06, 10); // 120 / 2000
    expect(get("reply_4xx_rate")).toBeCloseTo(0.05, 10); // 100 / 2000
    expect(get("reply_5xx_rate")).toBeCloseTo(0.03, 10); // 60 / 2000
    expect(get("complaint_rate")).toBeCloseTo(3 / 1800, 10);
    expect(get("open_rate")).toBeCloseTo(0.4, 10); // 400 / 1000
    expect(get("human_open_rate")).toBeCloseTo(0.25, 10); // (400 − 150) / 1000
    expect(get("click_rate")).toBeCloseTo(0.08, 10);
    expect(get("unsubscribe_rate")).toBeCloseTo(0.005, 10);
    expect(get("inbox_rate_proxy")).toBeCloseTo(0.25, 10); // no seeds: max(human opens 250, clicks 80) / 1000
    expect(get("spf_aligned_rate")).toBeCloseTo(0.9, 10);
    expect(get("dkim_aligned_rate")).toBeCloseTo(0.96, 10);
    expect(get("dmarc_pass_rate")).toBeCloseTo(0.98, 10);
    expect(get("uptime_25")).toBeCloseTo(286 / 288, 10);
    expect(get("uptime_587")).toBe(1);
    // 100 samples: the 50th falls at the end of the first bucket (0–0.5 s).
    expect(get("send_latency_p50")).toBeCloseTo(0.5, 10);
    // the 95th is the 15th of the 20 in the 2–5 s bucket: 2 + 3 × 15/20.
    expect(get("send_latency_p95")).toBeCloseTo(4.25, 10);
    expect(get("queue_depth")).toBe(10); // 40 / 4
  });

  it("says 'not enough mail' below a KPI's minimum volume, never 100 %", () => {
    const inputs = emptyKpiInputs();
    inputs.delivery = { ...inputs.delivery, attempted: 3, accepted: 3 };
    const k = computeKpis(inputs);
    expect(k.get("accepted_rate")).toEqual({ state: "not-enough", volume: 3, minVolume: 100 });
    // 5 probes of port 465 in the week above: under the hour of probes uptime needs.
    expect(computeKpis(weekOfMail()).get("uptime_465")).toEqual({ state: "not-enough", volume: 5, minVolume: 12 });
    expect(kpiDefinition("uptime_465").volumeNoun).toBe("probes"); // "not enough probes", not "not enough mail"
    // Complaint rates need a thousand accepted messages to compare with the 0.1 % threshold.
    inputs.delivery = { ...inputs.delivery, attempted: 999, accepted: 999 };
    expect(computeKpis(inputs).get("complaint_rate")).toMatchObject({ state: "not-enough", minVolume: 1000 });
  });

  it("says 'no data' for a source that sent nothing, and never NaN or Infinity", () => {
    const k = computeKpis(emptyKpiInputs());
    for (const id of KPI_IDS) expect(k.get(id), id).toEqual({ state: "no-data" });
  });

  it("bases the inbox proxy on seeds when enough were placed, and labels the basis", () => {
    const inputs = weekOfMail();
    inputs.placement = { seeded: 40, inbox: 30 };
    expect(kpiDefinition("inbox_rate_proxy").compute(inputs)).toEqual({ state: "ok", value: 0.75, volume: 40, basis: "seed" });
    inputs.placement = { seeded: 4, inbox: 4 };
    expect(kpiDefinition("inbox_rate_proxy").compute(inputs)).toMatchObject({ basis: "engagement", value: 0.25 });
  });

  it("prefers the provider's published complaint rate to feedback-loop counts", () => {
    const inputs = weekOfMail();
    inputs.complaints = { complaints: 3, providerReportedRate: 0.002 };
    expect(kpiDefinition("complaint_rate").compute(inputs)).toMatchObject({ state: "ok", value: 0.002 });
  });

  it("clamps a numerator above its denominator (late events) instead of showing 104 %", () => {
    expect(rateValue(104, 100, 1)).toEqual({ state: "ok", value: 1, volume: 100 });
  });

  it("gives deltas only between two figures", () => {
    expect(deltaOf(rateValue(90, 100, 1), rateValue(80, 100, 1))).toBeCloseTo(0.1, 10);
    expect(deltaOf(rateValue(90, 100, 1), rateValue(2, 3, 100))).toBeNull();
  });
});
