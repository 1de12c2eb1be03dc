import fs from "node:fs";

import { describe, expect, it } from "vitest";

import { KPI_CATALOGUE, renderKpiDocs } from "@inboxwatch/analytics/kpi";

import { KPI_DOC } from "./kpi-docs.ts";

describe("docs/kpis.md", () => {
  it("is what the KPI catalogue generates (run `npm run docs:kpis` after changing a KPI)", () => {
    expect(fs.readFileSync(KPI_DOC, "utf8")).toBe(renderKpiDocs());
  });

  it("documents every KPI with its formula", () => {
    const doc = fs.readFileSync(KPI_DOC, "utf8");
    for (const kpi of KPI_CATALOGUE) expect(doc).toContain(`- **Formula**: ${kpi.formula}`);
  });
});
