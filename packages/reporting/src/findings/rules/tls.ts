/**
 * TLS problems: certificate and protocol drift of the probed ports, MTA-STS / TLS-RPT record drift, and
 * the share of sessions TLS-RPT reporters saw fail (RFC 8460) when it is over TLS_RPT_FAIL_SHARE.
 */
import { dateTimeIn, formatCount, formatPercent } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, type RuleResult } from "../common.ts";

export const RULE_TLS = "tls_problem";
/** Over 1 % of reported sessions failing TLS means some providers fall back or give up. */
export const TLS_RPT_FAIL_SHARE = 0.01;

export function tlsRules(data: ReportData): RuleResult[] {
  const out: RuleResult[] = [];
  for (const e of data.tls) {
    if (e.severity === "info") continue;
    out.push({
      finding: finding(
        RULE_TLS,
        e.severity,
        `TLS on ${e.subject}: ${e.message}`,
        [
          { label: "Subject", value: e.subject },
          { label: "Change", value: e.message },
          { label: "At", value: dateTimeIn(e.at, data.timeZone) },
        ],
        e.evidencePath,
      ),
      weight: 1,
      action: action(RULE_TLS, `Fix TLS on ${e.subject} (certificate, protocol versions, MTA-STS policy)`, e.evidencePath),
    });
  }
  const { failedSessions: failed, successfulSessions: ok } = data.tlsReports;
  const total = failed + ok;
  if (total > 0 && failed / total > TLS_RPT_FAIL_SHARE) {
    out.push({
      finding: finding(
        RULE_TLS,
        "warning",
        `Receivers reported ${formatCount(failed)} of ${formatCount(total)} TLS sessions to your domains failing (${formatPercent(failed / total)}).`,
        [
          { label: "Failed TLS sessions", value: formatCount(failed) },
          { label: "Reported TLS sessions", value: formatCount(total) },
          { label: "Failure share", value: formatPercent(failed / total) },
        ],
        "reports",
      ),
      weight: failed,
      action: action(RULE_TLS, "Open the TLS reports to see which MX hosts fail and why", "reports"),
    });
  }
  return out;
}
