/** Incidents still open at the end of the period, and good news when every incident of the period closed. */
import { dateTimeIn, formatCount, weekdayIn } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, type RuleResult } from "../common.ts";

export const RULE_INCIDENTS_OPEN = "incidents_open";
export const RULE_INCIDENTS_RESOLVED = "incidents_resolved";

export function incidentRules(data: ReportData): RuleResult[] {
  const end = data.period.to.getTime();
  const open = data.incidents.filter((i) => i.resolvedAt === null || i.resolvedAt.getTime() >= end);
  if (open.length === 0) {
    if (data.incidents.length === 0) return [];
    return [
      {
        finding: finding(
          RULE_INCIDENTS_RESOLVED,
          "good",
          data.incidents.length === 1
            ? "The period's one incident was resolved."
            : `All ${formatCount(data.incidents.length)} incidents of the period were resolved.`,
          [{ label: "Incidents resolved", value: formatCount(data.incidents.length) }],
          "alerts",
        ),
        weight: 0,
        action: null,
      },
    ];
  }
  const oldest = [...open].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())[0];
  if (!oldest) return [];
  const path = `alerts/${oldest.id}`;
  const sentence =
    open.length === 1
      ? `Incident “${oldest.title}” was still open at the end of the period (opened ${weekdayIn(oldest.openedAt, data.timeZone)}).`
      : `${formatCount(open.length)} incidents were still open at the end of the period, the oldest “${oldest.title}” since ${weekdayIn(oldest.openedAt, data.timeZone)}.`;
  return [
    {
      finding: finding(
        RULE_INCIDENTS_OPEN,
        open.some((i) => i.severity === "critical") ? "critical" : "warning",
        sentence,
        [
          { label: "Open incidents", value: formatCount(open.length) },
          { label: "Oldest", value: oldest.title },
          { label: "Opened", value: dateTimeIn(oldest.openedAt, data.timeZone) },
        ],
        path,
      ),
      weight: open.length,
      action: action(RULE_INCIDENTS_OPEN, `Resolve or hand over incident “${oldest.title}”`, path),
    },
  ];
}
