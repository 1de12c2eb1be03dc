/**
 * The marketing section's summaries from the analytics views already computed (never recomputed here):
 * the cohort heat map's best and worst source × provider cohorts, and the experiments whose window overlaps
 * the period, each with the analytics package's own verdict sentence. Every number quoted is in the facts.
 */
import { type ExperimentSummary } from "@inboxwatch/reporting/figures";
import { formatCount, formatPercent } from "@inboxwatch/reporting/format";

import { type OrgContext } from "../../context.ts";
import { getCohorts } from "../../analytics/cohorts/read.ts";
import { listExperiments } from "../../analytics/experiments/verbs.ts";
import { type Period } from "../../analytics/query.ts";

/** Experiments summarized: the newest whose window overlaps the period. */
export const REPORT_EXPERIMENTS_MAX = 5;

export async function cohortSummaries(ctx: OrgContext): Promise<{ sentence: string; facts: { label: string; value: string }[] }[]> {
  const c = await getCohorts(ctx, {});
  if (c.state !== "ready") return [];
  const rated = c.rows
    .map((r) => ({ row: r, rate: r.total.rate }))
    .filter((r): r is { row: typeof r.row; rate: { state: "ok"; value: number; volume: number } } => r.rate.state === "ok")
    .sort((a, b) => b.rate.value - a.rate.value || a.row.label.localeCompare(b.row.label));
  const best = rated[0];
  const worst = rated.length > 1 ? rated[rated.length - 1] : undefined;
  const line = (kind: "best" | "worst", r: NonNullable<typeof best>) => ({
    sentence: `The ${kind} cohort by ${c.metric.label.toLowerCase()} is ${r.row.label}, at ${formatPercent(r.rate.value)} over ${formatCount(r.row.total.recipients)} recipients.`,
    facts: [
      { label: "Cohort", value: r.row.label },
      { label: c.metric.label, value: formatPercent(r.rate.value) },
      { label: "Recipients", value: formatCount(r.row.total.recipients) },
    ],
  });
  return [...(best ? [line("best", best)] : []), ...(worst ? [line("worst", worst)] : [])];
}

export async function experimentSummaries(ctx: OrgContext, p: Period): Promise<ExperimentSummary[]> {
  const all = await listExperiments(ctx);
  return all
    .filter((e) => {
      const w = e.result.view?.window;
      return w !== undefined && new Date(w.from) < p.to && new Date(w.to) > p.from;
    })
    .slice(0, REPORT_EXPERIMENTS_MAX)
    .map((e) => {
      const view = e.result.view;
      const verdict = view?.verdict.sentence ?? "No result yet.";
      return {
        id: e.id,
        name: e.name,
        status: e.status,
        sentence: `${e.name}: ${verdict}`,
        facts: [
          { label: "Experiment", value: e.name },
          { label: "Verdict", value: verdict },
          ...(view?.variants ?? []).map((v) => ({
            label: `${v.label}${v.control ? " (control)" : ""}`,
            value: v.rate === null ? `no rate (${formatCount(v.trials)})` : `${formatPercent(v.rate)} of ${formatCount(v.trials)}`,
          })),
        ],
      };
    });
}
