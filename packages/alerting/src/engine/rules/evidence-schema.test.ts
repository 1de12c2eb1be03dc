import { describe, expect, it } from "vitest";

import { readJson, StoredJsonError } from "@inboxwatch/services";

import { ZEvidence } from "./evidence-schema.ts";

const evidence = {
  summary: "Port 25 down",
  value: null,
  threshold: null,
  volume: 3,
  window: { from: 1, to: 2 },
  points: [],
  events: [{ at: 1, type: "port_down", active: true }],
};

describe("Incident.evidence read with its schema", () => {
  it("returns stored evidence that matches the Evidence type", () => {
    expect(readJson(ZEvidence, evidence, "Incident i1.evidence").summary).toBe("Port 25 down");
  });

  it("names the row and the first mismatch when stored evidence drifted", () => {
    expect(() => readJson(ZEvidence, { ...evidence, volume: "3" }, "Incident i1.evidence")).toThrow(StoredJsonError);
    expect(() =>
      readJson(ZEvidence, { ...evidence, events: [{ at: 1, type: "no_such_event", active: true }] }, "Incident i1.evidence"),
    ).toThrow(/^Incident i1\.evidence: the stored JSON does not match its schema \(events\.0\.type: /);
  });
});
