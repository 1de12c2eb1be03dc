import { describe, expect, it } from "vitest";
import { z } from "zod";

import { readJson, StoredJsonError } from "./column.ts";
import { ZStoredDomainCheck, ZStoredProbeResult } from "./schemas.ts";

/** A document with a full schema, shaped like Incident.evidence (its real schema is the alerting engine's ZEvidence). */
const ZEvidence = z.object({ summary: z.string(), value: z.number().nullable(), volume: z.number(), points: z.array(z.number()) });
const evidence = { summary: "Port 25 down", value: null, volume: 3, points: [] };

describe("Json columns read with their schema", () => {
  it("returns a stored document that matches its schema", () => {
    expect(readJson(ZEvidence, evidence, "Incident i1.evidence").summary).toBe("Port 25 down");
  });

  it("names the row and the first mismatch when a stored document drifted", () => {
    expect(() => readJson(ZEvidence, { ...evidence, volume: "3" }, "Incident i1.evidence")).toThrow(StoredJsonError);
    expect(() => readJson(ZEvidence, { ...evidence, volume: "3" }, "Incident i1.evidence")).toThrow(
      /^Incident i1\.evidence: the stored JSON does not match its schema \(volume: /,
    );
  });

  it("checks engine documents on their envelope", () => {
    const domain = {
      kind: "domain",
      domain: "example.com",
      checkedAt: "2026-12-07T00:00:00Z",
      grade: "A",
      grades: { spf: "A" },
      unknownChecks: [],
      checks: { spf: { findings: [], records: [] } },
    };
    expect(readJson(ZStoredDomainCheck, domain, "DomainCheck d1.result").domain).toBe("example.com");
    expect(() => readJson(ZStoredDomainCheck, { ...domain, kind: "ip" }, "DomainCheck d1.result")).toThrow(/not a domain check result/);
    expect(() => readJson(ZStoredProbeResult, { schemaVersion: 2 }, "ProbeResult p1.result")).toThrow(/schemaVersion 1/);
  });
});
