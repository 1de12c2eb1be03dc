/** Complaint rates near or over a provider's published bulk-sender threshold (complaints.ts has the sources). */
import { formatCount, formatPercent } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, type RuleResult } from "../common.ts";
import { COMPLAINT_RECOMMENDED } from "../complaints.ts";

export const RULE_COMPLAINTS = "complaint_rate";

export function complaintRules(data: ReportData): RuleResult[] {
  const out: RuleResult[] = [];
  for (const c of data.complaints) {
    if ((c.status !== "near" && c.status !== "over") || c.rate.state !== "ok") continue;
    const where = c.provider === "All providers" ? "across all providers" : `at ${c.provider}`;
    const over = c.status === "over";
    const sentence = over
      ? `The complaint rate ${where} was ${formatPercent(c.rate.value)}, over the ${formatPercent(c.threshold)} limit (${c.thresholdSource}).`
      : `The complaint rate ${where} was ${formatPercent(c.rate.value)}, above the recommended ${formatPercent(COMPLAINT_RECOMMENDED)} and under the ${formatPercent(c.threshold)} limit (${c.thresholdSource}).`;
    out.push({
      finding: finding(
        RULE_COMPLAINTS,
        over ? "critical" : "warning",
        sentence,
        [
          { label: "Provider", value: c.provider },
          { label: "Complaint rate", value: formatPercent(c.rate.value) },
          { label: "Complaints", value: formatCount(c.complaints) },
          { label: "Accepted messages", value: formatCount(c.delivered) },
          { label: "Recommended", value: formatPercent(COMPLAINT_RECOMMENDED) },
          { label: "Limit", value: formatPercent(c.threshold) },
          { label: "Source", value: c.thresholdSource },
        ],
        "analytics",
      ),
      weight: c.complaints,
      action: action(
        RULE_COMPLAINTS,
        `Cut complaints ${where}: stop mailing recipients who never engage and make unsubscribing one click`,
        "analytics",
      ),
    });
  }
  return out;
}
