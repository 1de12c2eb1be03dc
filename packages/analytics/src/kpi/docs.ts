import { KPI_CATALOGUE, type KpiDefinition } from "./catalogue.ts";

const UNIT_WORDS: Record<KpiDefinition["unit"], string> = {
  fraction: "percentage (deltas in percentage points)",
  seconds: "seconds",
  messages: "messages",
};

const GROUP_TITLES: Record<KpiDefinition["group"], string> = {
  delivery: "Delivery",
  complaints: "Complaints",
  placement: "Inbox placement",
  engagement: "Engagement",
  authentication: "Authentication",
  infrastructure: "Infrastructure",
};

/** docs/kpis.md, rendered from the catalogue so the documentation cannot drift from the code. */
export function renderKpiDocs(): string {
  const lines = [
    "# KPI catalogue",
    "",
    "Generated from `packages/analytics/src/kpi/catalogue.ts` by `npm run docs:kpis`; a test fails when this file is stale.",
    "",
    "Every KPI has a minimum volume. Below it the dashboards, the API and the report say **not enough mail** (with the",
    "volume that was seen) instead of a rate: three accepted messages out of three is not “100 % accepted”. A KPI whose",
    "source sent nothing in the period says **no data**, which is not zero. Rates are fractions of their denominator,",
    "shown as percentages; the change between two periods is in percentage points.",
    "",
  ];
  for (const group of Object.keys(GROUP_TITLES) as KpiDefinition["group"][]) {
    const kpis = KPI_CATALOGUE.filter((k) => k.group === group);
    if (kpis.length === 0) continue;
    lines.push(`## ${GROUP_TITLES[group]}`, "");
    for (const kpi of kpis) {
      lines.push(
        `### ${kpi.label} — \`${kpi.id}\``,
        "",
        `- **Formula**: ${kpi.formula}`,
        `- **Unit**: ${UNIT_WORDS[kpi.unit]}; ${kpi.better} is better`,
        `- **Source**: ${kpi.source}`,
        `- **Minimum volume**: ${kpi.minVolume.toLocaleString("en-US")} ${kpi.volumeNoun}`,
        `- **Caveat**: ${kpi.caveat}`,
        "",
      );
    }
  }
  return lines.join("\n");
}
