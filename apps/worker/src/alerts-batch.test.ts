import { describe, expect, it } from "vitest";

import { coalesceEvaluations } from "./alerts.ts";

describe("coalesceEvaluations", () => {
  it("merges a batch into one evaluation per organization: the union of rule ids, or all rules when any job asked for all", () => {
    const merged = coalesceEvaluations([
      { orgId: "a", ruleIds: ["r1"] },
      { orgId: "b", ruleIds: ["r9"] },
      { orgId: "a", ruleIds: ["r2", "r1"] },
      { orgId: "c" },
      { orgId: "c", ruleIds: ["r5"] },
      { orgId: "b" },
    ]);
    expect([...merged.keys()]).toEqual(["a", "b", "c"]);
    expect([...(merged.get("a") ?? [])].sort()).toEqual(["r1", "r2"]);
    expect(merged.get("b")).toBeNull();
    expect(merged.get("c")).toBeNull();
  });
});
