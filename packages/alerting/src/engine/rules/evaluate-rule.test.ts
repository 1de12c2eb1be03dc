import { describe, expect, it } from "vitest";

import { ALERT_EVENTS, ALERT_METRICS, EVENT_CATALOG, METRIC_CATALOG, type TAlertEvent, type TAlertMetric } from "./catalog.ts";
import type { AlertEventObservation, AlertInput } from "./conditions.ts";
import type { MetricPoint } from "./series-window.ts";
import type { TAlertRule } from "./rule-schema.ts";
import { type Phase, STEP_MS, T0, repeat, rule, simulate } from "./testing.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Series with one point per step: the last `recentMs` carry the current phase, older history is good. */
function series(spec: Record<Phase, { value: number; volume: number }>, historyMs: number, recentMs: number) {
  return (now: number, phase: Phase): AlertInput => {
    const points: MetricPoint[] = [];
    for (let at = now - historyMs; at <= now; at += STEP_MS) points.push({ at, ...spec[at > now - recentMs ? phase : "good"] });
    return { kind: "series", points };
  };
}

/** State/expiry observations one per step; in the "low" phase only the newest observation confirms. */
function observations(type: AlertEventObservation["type"], make: (holds: boolean) => Partial<AlertEventObservation>) {
  return (now: number, phase: Phase): AlertInput => {
    const events: AlertEventObservation[] = [];
    for (let at = now - 6 * STEP_MS; at <= now; at += STEP_MS) {
      const holds = phase === "bad" || (phase === "low" && at === now);
      events.push({ at, type, active: holds, detail: holds ? "550 5.7.1 listed" : undefined, ...make(holds) });
    }
    return { kind: "events", events };
  };
}

/** Occurrences: "bad" = a detection every step, "low" = a single one, "good" = none in the window. */
function occurrences(type: AlertEventObservation["type"]) {
  return (now: number, phase: Phase): AlertInput => {
    const events: AlertEventObservation[] = [{ at: now - 3 * 60 * MINUTE_MS, type, active: true }];
    if (phase === "bad")
      for (let i = 5; i >= 0; i--) events.push({ at: now - i * STEP_MS, type, active: true, detail: "421 4.7.28 rate limited" });
    if (phase === "low") events.push({ at: now, type, active: true });
    return { kind: "events", events };
  };
}

interface Scenario {
  name: string;
  rule: TAlertRule;
  input: (now: number, phase: Phase) => AlertInput;
}

const hour = 60 * MINUTE_MS;
const LOWER_IS_WORSE = new Set<TAlertMetric>(["uptime", "dmarc_compliance"]);

/** One threshold scenario per metric, shaped by how the metric folds a window. */
function thresholdScenario(metric: TAlertMetric): Scenario {
  const category = metric === "bounce_rate_by_category" ? { category: "reputation" } : {};
  const { aggregate } = METRIC_CATALOG[metric];
  if (LOWER_IS_WORSE.has(metric)) {
    return {
      name: `threshold: ${metric} below`,
      rule: rule({ condition: { kind: "threshold", metric, comparator: "<", value: 99, windowMinutes: 60 }, minVolume: 6, forMinutes: 5 }),
      input: series({ bad: { value: 50, volume: 1 }, good: { value: 100, volume: 1 }, low: { value: 0, volume: 0.25 } }, 2 * hour, hour),
    };
  }
  if (aggregate === "sum") {
    return {
      name: `threshold: ${metric} (sum)`,
      rule: rule({ condition: { kind: "threshold", metric, comparator: ">", value: 10, windowMinutes: 60 }, minVolume: 100 }),
      input: series({ bad: { value: 5, volume: 50 }, good: { value: 0, volume: 50 }, low: { value: 5, volume: 1 } }, 2 * hour, hour),
    };
  }
  if (aggregate === "last") {
    return {
      name: `threshold: ${metric} (last sample)`,
      rule: rule({ condition: { kind: "threshold", metric, comparator: ">", value: 1000, windowMinutes: 15 }, minVolume: 3 }),
      input: series(
        { bad: { value: 5000, volume: 1 }, good: { value: 20, volume: 1 }, low: { value: 5000, volume: 0.1 } },
        hour,
        15 * MINUTE_MS,
      ),
    };
  }
  return {
    name: `threshold: ${metric} (volume-weighted)`,
    rule: rule({
      condition: { kind: "threshold", metric, ...category, comparator: ">", value: 5, windowMinutes: 60 },
      minVolume: 200,
      forMinutes: 10,
    }),
    input: series({ bad: { value: 9, volume: 100 }, good: { value: 1, volume: 100 }, low: { value: 60, volume: 1 } }, 2 * hour, hour),
  };
}

function eventScenario(event: TAlertEvent): Scenario {
  const { nature } = EVENT_CATALOG[event];
  if (nature === "occurrence") {
    return {
      name: `event: ${event} (occurrence)`,
      rule: rule({ condition: { kind: "event", event, windowMinutes: 30 }, minVolume: 3 }),
      input: occurrences(event),
    };
  }
  if (nature === "expiry") {
    return {
      name: `event: ${event} in 14 days (expiry)`,
      rule: rule({ condition: { kind: "event", event, days: 14 }, minVolume: 2 }),
      input: observations(event, (holds) => ({ notAfter: holds ? T0 + 5 * DAY_MS : T0 + 200 * DAY_MS })),
    };
  }
  return {
    name: `event: ${event} (state)`,
    rule: rule({ severity: "critical", condition: { kind: "event", event }, minVolume: 2, forMinutes: 5 }),
    input: observations(event, () => ({})),
  };
}

const scenarios: Scenario[] = [
  ...ALERT_METRICS.map(thresholdScenario),
  {
    name: "baseline: deferral rate above 3 × 7-day median",
    rule: rule({
      condition: { kind: "baseline", metric: "deferral_rate", factor: 3, windowMinutes: 60, minValue: 1 },
      minVolume: 200,
      forMinutes: 10,
    }),
    input: series({ bad: { value: 12, volume: 100 }, good: { value: 2, volume: 100 }, low: { value: 12, volume: 1 } }, 8 * DAY_MS, hour),
  },
  {
    name: "baseline: DMARC compliance below its 7-day median ÷ 2",
    rule: rule({
      condition: { kind: "baseline", metric: "dmarc_compliance", direction: "below", factor: 2, windowMinutes: 60 },
      minVolume: 500,
    }),
    input: series({ bad: { value: 30, volume: 100 }, good: { value: 98, volume: 100 }, low: { value: 30, volume: 2 } }, 8 * DAY_MS, hour),
  },
  ...ALERT_EVENTS.map(eventScenario),
];

const opens = (steps: ReturnType<typeof simulate>) => steps.filter((s) => s.action.type === "open");
const notified = (steps: ReturnType<typeof simulate>) => steps.filter((s) => s.action.type !== "none" && s.action.notify);

describe.each(scenarios)("$name", ({ rule: r, input }) => {
  it("fires once the condition has held for the for-duration", () => {
    const steps = simulate(r, input, [...repeat("good", 6), ...repeat("bad", 12)]);
    const [first, ...rest] = opens(steps);
    expect(first).toBeDefined();
    expect(rest).toEqual([]);
    expect(first!.at - (T0 + 6 * STEP_MS)).toBeGreaterThanOrEqual(r.forMinutes * MINUTE_MS);
    expect(first!.evaluation.evidence.summary.length).toBeGreaterThan(0);
    expect(steps.slice(0, 6).every((s) => s.action.type === "none")).toBe(true);
  });

  it("does not fire under the minimum volume", () => {
    const steps = simulate(r, input, repeat("low", 18));
    expect(opens(steps)).toEqual([]);
    expect(steps.at(-1)!.evaluation.status).toBe("insufficient_volume");
  });

  it("updates the open incident instead of opening another while it keeps firing", () => {
    const steps = simulate(r, input, repeat("bad", 24));
    expect(opens(steps)).toHaveLength(1);
    const afterOpen = steps.slice(steps.findIndex((s) => s.action.type === "open") + 1);
    expect(afterOpen.length).toBeGreaterThan(10);
    expect(afterOpen.every((s) => s.action.type === "update" && s.action.reason === "still_firing" && !s.action.notify)).toBe(true);
  });

  it("resolves once the condition has been clear for the for-duration", () => {
    const steps = simulate(r, input, [...repeat("bad", 12), ...repeat("good", 12)]);
    const resolves = steps.filter((s) => s.action.type === "resolve");
    expect(opens(steps)).toHaveLength(1);
    expect(resolves).toHaveLength(1);
    expect(resolves[0]!.at - (T0 + 12 * STEP_MS)).toBeGreaterThanOrEqual(r.forMinutes * MINUTE_MS);
    expect(resolves[0]!.action).toMatchObject({ notify: true, reason: "cleared" });
    expect(steps.at(-1)!.action).toEqual({ type: "none", reason: "clear" });
  });

  it("stays quiet during a maintenance window on its scope, and fires after it", () => {
    const windowEnd = T0 + 10 * STEP_MS;
    const steps = simulate(r, input, repeat("bad", 16), [{ id: "mw-1", scope: r.scope, startsAt: T0 - hour, endsAt: windowEnd }]);
    const during = steps.filter((s) => s.at < windowEnd);
    expect(during.every((s) => s.action.type === "none")).toBe(true);
    expect(during.some((s) => s.action.type === "none" && s.action.reason === "maintenance")).toBe(true);
    expect(opens(steps)).toHaveLength(1);
    expect(opens(steps)[0]!.at).toBeGreaterThanOrEqual(windowEnd);
  });

  it("holds instead of opening and resolving over and over when flapping", () => {
    const eager = { ...r, forMinutes: 0 };
    const alternating = Array.from({ length: 24 }, (_, i): Phase => (i % 2 === 0 ? "bad" : "good"));
    const steps = simulate(eager, input, alternating);
    // Without suppression this would be 12 opens and 12 resolves.
    expect(opens(steps).length).toBeLessThanOrEqual(3);
    expect(notified(steps).length).toBeLessThanOrEqual(5);
    const tail = steps.slice(-12);
    expect(tail.every((s) => s.evaluation.flapping)).toBe(true);
    expect(tail.every((s) => s.action.type === "update" && s.action.reason === "flapping" && !s.action.notify)).toBe(true);
    // Once it calms down (clear for longer than the flapping window), the held incident resolves.
    const calmed = simulate(eager, input, [...alternating, ...repeat("good", 14)]);
    expect(calmed.filter((s) => s.action.type === "resolve").length).toBe(opens(calmed).length);
    expect(calmed.at(-1)!.action.type).toBe("none");
  });
});
