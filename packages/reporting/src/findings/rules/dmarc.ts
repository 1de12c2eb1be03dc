/** Sources sending as the organization's domains that fail DMARC alignment (from the aggregate reports). */
import { formatCount, formatPercent } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, type RuleResult } from "../common.ts";

export const RULE_DMARC = "dmarc_failing_sources";
/** Messages a failing source must have sent before it is named: a handful is forwarding noise. */
export const DMARC_SOURCE_MIN_MESSAGES = 10;

export function dmarcRules(data: ReportData): RuleResult[] {
  const failing = data.dmarcFailing.filter((s) => s.messages >= DMARC_SOURCE_MIN_MESSAGES);
  const top = [...failing].sort((a, b) => b.messages * b.failRate - a.messages * a.failRate)[0];
  if (!top) return [];
  const failed = failing.reduce((n, s) => n + Math.round(s.messages * s.failRate), 0);
  const name = top.sourceName ? `${top.sourceIp} (${top.sourceName})` : top.sourceIp;
  return [
    {
      finding: finding(
        RULE_DMARC,
        "warning",
        `${formatCount(failing.length)} ${failing.length === 1 ? "source" : "sources"} sent ${formatCount(failed)} messages that failed DMARC alignment; the largest, ${name}, as ${top.headerFrom}.`,
        [
          { label: "Failing sources", value: formatCount(failing.length) },
          { label: "Messages failing alignment", value: formatCount(failed) },
          { label: "Largest source", value: name },
          { label: "Its messages", value: formatCount(top.messages) },
          { label: "Its failure rate", value: formatPercent(top.failRate) },
          { label: "From domain", value: top.headerFrom },
        ],
        "reports",
      ),
      weight: failed,
      action: action(
        RULE_DMARC,
        `Authorize ${top.sourceIp} in the SPF or DKIM of ${top.headerFrom} if it sends for you; otherwise move DMARC towards reject`,
        "reports",
      ),
    },
  ];
}
