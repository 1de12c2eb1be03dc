/**
 * docs/kpis.md from the KPI catalogue (packages/analytics). `npm run docs:kpis` rewrites it;
 * kpi-docs.test.ts fails when it is stale.
 */
import fs from "node:fs";
import path from "node:path";

import { renderKpiDocs } from "@inboxwatch/analytics/kpi";

export const KPI_DOC = path.resolve(import.meta.dirname, "../docs/kpis.md");

if (process.argv.includes("--write")) {
  fs.writeFileSync(KPI_DOC, renderKpiDocs());
  console.log(`wrote ${path.relative(process.cwd(), KPI_DOC)}`);
}
