/**
 * The root-cause rules of a report (issue 14): findings ranked and capped, the recommended actions that
 * come from the same rules, and the leadership narrative, from plain data (data.ts). Pure: the services'
 * figure builder gathers the data, the renderers print the result.
 */
import { type Finding, type RecommendedAction } from "../figures.ts";
import { type Rule, unbackedNumbers } from "./common.ts";
import { type ReportData } from "./data.ts";
import { narrativeOf, type NarrativeSentence } from "./narrative.ts";
import { actionsOf, findingsOf, rankResults } from "./rank.ts";
import { authRules } from "./rules/auth.ts";
import { complaintRules } from "./rules/complaints.ts";
import { dmarcRules } from "./rules/dmarc.ts";
import { incidentRules } from "./rules/incidents.ts";
import { listingRules } from "./rules/listing.ts";
import { portRules } from "./rules/ports.ts";
import { deferralSpikeRules, rateChangeRules } from "./rules/rates.ts";
import { replyCodeRules } from "./rules/reply-codes.ts";
import { tlsRules } from "./rules/tls.ts";

export * from "./data.ts";
export { complaintFigures, COMPLAINT_THRESHOLDS, COMPLAINT_RECOMMENDED, type ComplaintCount } from "./complaints.ts";
export { providerName, unbackedNumbers, type RuleResult } from "./common.ts";
export { FINDINGS_MAX, ACTIONS_MAX } from "./rank.ts";
export { UPTIME_TARGET } from "./rules/ports.ts";

export const RULES: readonly Rule[] = [
  listingRules,
  deferralSpikeRules,
  rateChangeRules,
  replyCodeRules,
  portRules,
  authRules,
  tlsRules,
  dmarcRules,
  complaintRules,
  incidentRules,
];

export interface FindingsResult {
  findings: Finding[];
  actions: RecommendedAction[];
  narrative: NarrativeSentence[];
}

/**
 * Every rule over the data, ranked and capped. A sentence quoting a number its facts do not show is a bug
 * in its rule: it throws rather than send invented text.
 */
export function computeFindings(data: ReportData): FindingsResult {
  const ranked = rankResults(RULES.flatMap((rule) => rule(data)));
  const findings = findingsOf(ranked);
  const narrative = narrativeOf(data, findings);
  for (const s of [...findings, ...narrative]) {
    const missing = unbackedNumbers(s.sentence, s.facts);
    if (missing.length > 0) throw new Error(`Report sentence quotes ${missing.join(", ")} without a fact: ${s.sentence}`);
  }
  return { findings, actions: actionsOf(ranked), narrative };
}
