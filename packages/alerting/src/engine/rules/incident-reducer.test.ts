import { describe, expect, it } from "vitest";

import { AlertInputMismatchError, evaluateRule, type RuleEvaluation } from "./evaluate-rule.ts";
import { type OpenIncident, reduceIncident } from "./incident-reducer.ts";
import { initialRuleState } from "./rule-state.ts";
import { T0, rule } from "./testing.ts";

const portRule = rule({ scope: { type: "port", id: "srv-1:25" }, severity: "critical", condition: { kind: "event", event: "port_down" } });

function evaluation(active: boolean, severity = portRule.severity): RuleEvaluation {
  const input = { kind: "events" as const, events: [{ at: T0, type: "port_down" as const, active, detail: "connect ETIMEDOUT" }] };
  return { ...evaluateRule(portRule, input, initialRuleState(), T0), severity };
}

const open: OpenIncident = { id: "inc-1", ruleId: portRule.id, status: "open", severity: "warning", openedAt: T0 - 60_000 };

describe("incident reducer", () => {
  it("opens with the rule's severity and evidence", () => {
    const action = reduceIncident(null, evaluation(true), T0, []);
    expect(action).toMatchObject({ type: "open", notify: true, severity: "critical" });
    expect(action.type === "open" && action.evidence.summary).toContain("connect ETIMEDOUT");
  });

  it("notifies an update only when the severity rose", () => {
    expect(reduceIncident(open, evaluation(true), T0, [])).toMatchObject({
      type: "update",
      notify: true,
      reason: "escalated",
      severity: "critical",
    });
    const same = { ...open, severity: "critical" as const };
    expect(reduceIncident(same, evaluation(true), T0, [])).toMatchObject({ type: "update", notify: false, reason: "still_firing" });
    expect(reduceIncident(same, evaluation(true, "info"), T0, [])).toMatchObject({ type: "update", notify: false, severity: "critical" });
  });

  it("resolves an acknowledged incident like an open one", () => {
    expect(reduceIncident({ ...open, status: "acknowledged" }, evaluation(false), T0, [])).toMatchObject({ type: "resolve", notify: true });
  });

  it("mutes through a window on an enclosing scope or the organization, and only while it lasts", () => {
    const onServer = [{ id: "mw", scope: { type: "server" as const, id: "srv-1" }, startsAt: T0, endsAt: T0 + 1 }];
    expect(reduceIncident(null, evaluation(true), T0, onServer, [{ type: "server", id: "srv-1" }])).toEqual({
      type: "none",
      reason: "maintenance",
      maintenanceId: "mw",
    });
    expect(reduceIncident(null, evaluation(true), T0, onServer).type).toBe("open");
    expect(reduceIncident(null, evaluation(true), T0 + 1, onServer, [{ type: "server", id: "srv-1" }]).type).toBe("open");
    const onOrg = [{ id: "org", scope: { type: "organization" as const }, startsAt: T0, endsAt: T0 + 1 }];
    expect(reduceIncident(null, evaluation(true), T0, onOrg)).toMatchObject({ type: "none", reason: "maintenance" });
    expect(reduceIncident(open, evaluation(false), T0, onOrg)).toMatchObject({
      type: "resolve",
      notify: false,
      reason: "cleared_in_maintenance",
    });
    expect(reduceIncident(open, evaluation(true), T0, onOrg)).toMatchObject({ type: "update", notify: false, reason: "maintenance" });
  });

  it("refuses series input for an event rule", () => {
    expect(() => evaluateRule(portRule, { kind: "series", points: [] }, initialRuleState(), T0)).toThrow(AlertInputMismatchError);
  });
});
