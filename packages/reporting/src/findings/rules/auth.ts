/**
 * Authentication-record drift: SPF, DKIM and DMARC records that changed, broke or weakened in the period,
 * one finding per domain and check (the latest change quoted, the count beside it).
 */
import { dateTimeIn, formatCount, weekdayIn } from "../../format.ts";
import { type AuthDriftEvent, type ReportData } from "../data.ts";
import { action, finding, type RuleResult } from "../common.ts";

export const RULE_AUTH_DRIFT = "auth_record_drift";
export const AUTH_CHECKS: Record<string, string> = { spf: "SPF", dkim: "DKIM", dmarc: "DMARC" };

const RANK = { critical: 0, warning: 1, info: 2 } as const;

export function authRules(data: ReportData): RuleResult[] {
  const groups = new Map<string, AuthDriftEvent[]>();
  for (const e of data.authDrift) {
    if (!AUTH_CHECKS[e.check] || e.severity === "info") continue;
    const key = `${e.domain}|${e.check}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: RuleResult[] = [];
  for (const events of groups.values()) {
    const sorted = [...events].sort((a, b) => b.at.getTime() - a.at.getTime());
    const latest = sorted[0];
    if (!latest) continue;
    const worst = events.reduce((w, e) => (RANK[e.severity] < RANK[w] ? e.severity : w), latest.severity);
    const name = AUTH_CHECKS[latest.check] ?? latest.check;
    const more = events.length > 1 ? ` (${formatCount(events.length)} changes in the period)` : "";
    out.push({
      finding: finding(
        RULE_AUTH_DRIFT,
        worst === "critical" ? "critical" : "warning",
        `The ${name} setup of ${latest.domain} changed on ${weekdayIn(latest.at, data.timeZone)}: ${latest.message}${more}`,
        [
          { label: "Domain", value: latest.domain },
          { label: "Record", value: name },
          { label: "Change", value: latest.message },
          { label: "At", value: dateTimeIn(latest.at, data.timeZone) },
          { label: "Changes in the period", value: formatCount(events.length) },
        ],
        latest.evidencePath,
      ),
      weight: events.length,
      action: action(
        RULE_AUTH_DRIFT,
        `Review the ${name} record of ${latest.domain} and restore it if the change was not intended`,
        latest.evidencePath,
      ),
    });
  }
  return out;
}
