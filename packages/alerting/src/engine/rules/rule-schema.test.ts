import { describe, expect, it } from "vitest";

import { describeIssue } from "@inboxwatch/services";

import { presetAlertRules } from "./presets.ts";
import { RULE_FORM_DEFAULTS, ruleFormFields, ruleFormToDraft, withRuleFormKind } from "./rule-form.ts";
import { ZAlertRule, ZAlertRuleDraft, scopeKey } from "./rule-schema.ts";

const base = { id: "r1", name: "n", scope: { type: "organization" }, severity: "warning" };

describe("alert rule schema", () => {
  it("applies defaults for volume, for-duration, flapping and channels", () => {
    const r = ZAlertRule.parse({ ...base, condition: { kind: "event", event: "port_down" } });
    expect(r).toMatchObject({ enabled: true, minVolume: 0, forMinutes: 0, channelIds: [], flapping: { windowMinutes: 60, maxChanges: 4 } });
    expect(r.condition).toMatchObject({ windowMinutes: 60 });
  });

  it("requires a category for bounce_rate_by_category and days for cert_expiring", () => {
    const byCategory = { kind: "threshold", metric: "bounce_rate_by_category", comparator: ">", value: 1, windowMinutes: 60 };
    expect(ZAlertRule.safeParse({ ...base, condition: byCategory }).success).toBe(false);
    expect(ZAlertRule.safeParse({ ...base, condition: { ...byCategory, category: "policy" } }).success).toBe(true);
    expect(ZAlertRule.safeParse({ ...base, condition: { kind: "event", event: "cert_expiring" } }).success).toBe(false);
    expect(ZAlertRule.safeParse({ ...base, condition: { kind: "event", event: "port_down", days: 3 } }).success).toBe(false);
  });

  it("rejects a baseline factor that is not an increase, a scope without id and a non-http runbook", () => {
    const baseline = { kind: "baseline", metric: "bounce_rate", factor: 1, windowMinutes: 60 };
    expect(ZAlertRule.safeParse({ ...base, condition: baseline }).success).toBe(false);
    const event = { kind: "event", event: "port_down" };
    expect(ZAlertRule.safeParse({ ...base, scope: { type: "server" }, condition: event }).success).toBe(false);
    expect(ZAlertRule.safeParse({ ...base, runbookUrl: "javascript:alert(1)", condition: event }).success).toBe(false);
    expect(ZAlertRule.safeParse({ ...base, runbookUrl: "https://wiki.example/runbooks/port", condition: event }).success).toBe(true);
  });

  it("gives every preset a unique key, a valid shape and the channels asked for", () => {
    const presets = presetAlertRules({ channelIds: ["ch-1"] });
    expect(presets.length).toBeGreaterThanOrEqual(10);
    expect(new Set(presets.map((p) => p.presetKey)).size).toBe(presets.length);
    for (const p of presets) expect(ZAlertRule.safeParse({ ...p, id: "x" }).success).toBe(true);
    expect(presets.every((p) => p.channelIds.join() === "ch-1")).toBe(true);
    expect(new Set(presets.map((p) => p.condition.kind))).toEqual(new Set(["event", "threshold", "baseline"]));
  });

  it("keys scopes stably", () => {
    expect(scopeKey({ type: "organization" })).toBe("organization");
    expect(scopeKey({ type: "port", id: "srv-1:25" })).toBe("port:srv-1:25");
  });

  it("refuses nonsense with a message naming the field", () => {
    const threshold = { kind: "threshold", metric: "bounce_rate", comparator: ">", value: 5, windowMinutes: 60 };
    const message = (over: Record<string, unknown>, condition: Record<string, unknown> = threshold) => {
      const r = ZAlertRuleDraft.safeParse({ name: "n", scope: { type: "organization" }, severity: "warning", condition, ...over });
      return r.success ? null : r.error.issues.map(describeIssue).join("; ");
    };
    expect(message({}, { ...threshold, value: 150 })).toBe("Value: must be between 0 and 100 (bounce rate is a percentage)");
    expect(message({}, { ...threshold, value: -1 })).toBe("Value: must be between 0 and 100 (bounce rate is a percentage)");
    expect(message({}, { ...threshold, metric: "queue_depth", value: -10 })).toBe(
      "Value: must be at least 0 (queue depth is never negative)",
    );
    expect(message({}, { ...threshold, metric: "latency_p95", value: 50_000 })).toBeNull();
    expect(message({}, { ...threshold, windowMinutes: -5 })).toBe("Window minutes: must be at least 1");
    expect(message({}, { kind: "event", event: "throttling_detected", windowMinutes: -5 })).toBe("Window minutes: must be at least 1");
    expect(message({}, { kind: "baseline", metric: "bounce_rate", factor: -3, windowMinutes: 60 })).toBe("Factor: must be more than 1");
    expect(message({}, { kind: "baseline", metric: "deferral_rate", factor: 3, windowMinutes: 60, minValue: 120 })).toBe(
      "Min value: must be between 0 and 100 (deferral rate is a percentage)",
    );
    expect(message({ minVolume: -1 })).toBe("Min volume: must be at least 0");
    expect(message({ forMinutes: -2 })).toBe("For minutes: must be at least 0");
  });
});

describe("the rule form", () => {
  it("gives event rules one confirmation, not the 200 messages of a ratio rule, and shows only the fields of the kind", () => {
    const portDown = withRuleFormKind({ ...RULE_FORM_DEFAULTS, name: "Port down" }, "event");
    expect(ruleFormToDraft(portDown)).toMatchObject({ condition: { kind: "event", event: "port_down" }, minVolume: 1, forMinutes: 0 });
    expect(ruleFormToDraft(portDown).condition).not.toHaveProperty("windowMinutes");
    expect(ruleFormFields(portDown)).toMatchObject({
      metric: false,
      comparator: false,
      value: false,
      factor: false,
      event: true,
      window: false,
      volume: { label: "Confirmations" },
    });
    expect(ruleFormFields({ ...portDown, event: "throttling_detected" })).toMatchObject({
      window: true,
      volume: { label: "Detections in the window" },
    });
    expect(ruleFormFields({ ...portDown, event: "cert_expiring" })).toMatchObject({ days: true, window: false, volume: null });
    expect(ruleFormFields(RULE_FORM_DEFAULTS)).toMatchObject({
      metric: true,
      comparator: true,
      value: true,
      window: true,
      event: false,
      volume: { label: "Minimum volume (messages)" },
    });
    // Back to a series rule: the series defaults return.
    expect(ruleFormToDraft(withRuleFormKind(portDown, "threshold"))).toMatchObject({ minVolume: 200, forMinutes: 5 });
    for (const kind of ["threshold", "event", "baseline"] as const) {
      expect(ZAlertRuleDraft.safeParse(ruleFormToDraft(withRuleFormKind({ ...RULE_FORM_DEFAULTS, name: "x" }, kind))).success).toBe(true);
    }
  });
});
