/**
 * The leadership page's few sentences, each built from figures of the report and carrying them as facts:
 * the volume and acceptance (or, plainly, that no mail was sent), the two most important problems, the
 * complaint position against the providers' thresholds, the incidents, and one piece of good news.
 */
import { formatCount, formatPercent } from "../format.ts";
import { type Fact, type Finding } from "../figures.ts";
import { previousNoun } from "./common.ts";
import { COMPLAINT_RECOMMENDED } from "./complaints.ts";
import { type ReportData } from "./data.ts";

export interface NarrativeSentence {
  sentence: string;
  facts: Fact[];
}

/** Problems quoted on the leadership page: the rest are in the findings list. */
const NARRATIVE_PROBLEMS = 2;

export function narrativeOf(data: ReportData, findings: readonly Finding[]): NarrativeSentence[] {
  const out: NarrativeSentence[] = [];
  const prev = previousNoun(data.cadence);
  if (data.attempted === 0) {
    out.push({
      sentence: `No mail was sent in scope in ${data.period.label}, so there are no delivery rates to report (${formatCount(data.previousAttempted)} attempts in ${prev}).`,
      facts: [
        { label: "Period", value: data.period.label },
        { label: "Attempts", value: "0" },
        { label: `Attempts, ${prev}`, value: formatCount(data.previousAttempted) },
      ],
    });
  } else {
    const accepted = data.headline.find((k) => k.id === "accepted_rate");
    const facts: Fact[] = [
      { label: "Period", value: data.period.label },
      { label: "Attempts", value: formatCount(data.attempted) },
    ];
    let tail = ".";
    if (accepted && accepted.current.state === "ok") {
      facts.push({ label: "Accepted", value: accepted.display });
      tail = `, ${accepted.display} of them accepted`;
      if (accepted.deltaDisplay && accepted.previous?.state === "ok") {
        facts.push({ label: `Accepted, ${prev}`, value: formatPercent(accepted.previous.value) });
        facts.push({ label: "Change", value: accepted.deltaDisplay });
        tail += ` (${accepted.deltaDisplay} against ${prev})`;
      }
      tail += ".";
    }
    out.push({ sentence: `${formatCount(data.attempted)} messages were sent in ${data.period.label}${tail}`, facts });
  }
  const problems = findings.filter((f) => f.severity === "critical" || f.severity === "warning");
  for (const f of problems.slice(0, NARRATIVE_PROBLEMS)) out.push({ sentence: f.sentence, facts: f.facts });
  if (problems.length === 0 && data.attempted > 0) {
    out.push({ sentence: "No rule found a problem that needs action in the period.", facts: [{ label: "Problems found", value: "0" }] });
  }
  const all = data.complaints.find((c) => c.provider === "All providers");
  if (all && all.rate.state === "ok" && all.status === "ok") {
    out.push({
      sentence: `Complaints ran at ${formatPercent(all.rate.value)}, under the ${formatPercent(COMPLAINT_RECOMMENDED)} Gmail and Yahoo recommend.`,
      facts: [
        { label: "Complaint rate", value: formatPercent(all.rate.value) },
        { label: "Recommended", value: formatPercent(COMPLAINT_RECOMMENDED) },
      ],
    });
  }
  if (data.incidents.length > 0) {
    const end = data.period.to.getTime();
    const open = data.incidents.filter((i) => i.resolvedAt === null || i.resolvedAt.getTime() >= end).length;
    out.push({
      sentence: `${formatCount(data.incidents.length)} ${data.incidents.length === 1 ? "incident" : "incidents"} in the period, ${formatCount(open)} still open at its end.`,
      facts: [
        { label: "Incidents", value: formatCount(data.incidents.length) },
        { label: "Still open", value: formatCount(open) },
      ],
    });
  }
  const good = findings.find((f) => f.severity === "good");
  if (good) out.push({ sentence: good.sentence, facts: good.facts });
  return out;
}
