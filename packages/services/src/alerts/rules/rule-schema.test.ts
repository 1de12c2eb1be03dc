import { describe, expect, it } from "vitest";

import { presetAlertRules } from "./presets.ts";
import { ZAlertRule, scopeKey } from "./rule-schema.ts";

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
});
