/** A 5xx reply code that appeared or surged against the previous period (a new block or policy rejection). */
import { formatCount, formatRatio } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, previousNoun, type RuleResult } from "../common.ts";

export const RULE_REPLY_SURGE = "reply_code_surge";
/** Replies with the code in the period before it is news. */
export const SURGE_MIN_COUNT = 50;
/** A known code must at least triple. */
export const SURGE_MIN_RATIO = 3;

export function replyCodeRules(data: ReportData): RuleResult[] {
  const out: RuleResult[] = [];
  for (const r of data.replyCodes) {
    if (r.class !== "5xx" || r.count < SURGE_MIN_COUNT) continue;
    const isNew = r.previousCount === 0;
    if (!isNew && r.count / r.previousCount < SURGE_MIN_RATIO) continue;
    const facts = [
      { label: "Reply code", value: r.code },
      { label: "Replies this period", value: formatCount(r.count) },
      { label: `Replies, ${previousNoun(data.cadence)}`, value: formatCount(r.previousCount) },
      ...(isNew ? [] : [{ label: "Rise", value: formatRatio(r.count / r.previousCount) }]),
      ...(r.sample ? [{ label: "Sample reply", value: r.sample }] : []),
    ];
    const sentence = isNew
      ? `A new 5xx reply, ${r.code}, was returned ${formatCount(r.count)} times (none in ${previousNoun(data.cadence)}).`
      : `5xx reply ${r.code} rose ${formatRatio(r.count / r.previousCount)} to ${formatCount(r.count)} replies against ${previousNoun(data.cadence)}.`;
    out.push({
      finding: finding(RULE_REPLY_SURGE, "warning", sentence, facts, "analytics"),
      weight: r.count - r.previousCount,
      action: action(RULE_REPLY_SURGE, `Read the ${r.code} replies on the analytics page and fix what they reject`, "analytics"),
    });
  }
  return out;
}
