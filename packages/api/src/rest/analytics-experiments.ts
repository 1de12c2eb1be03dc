/**
 * /api/v1/analytics/experiments: the A/B experiments and their results as the refresh job stored them
 * (never computed on the request). Dates are ISO strings; a result not computed yet is null.
 */
import { z } from "zod";

import {
  EXPERIMENT_ASSIGN_BY,
  EXPERIMENT_CHANGE_KINDS,
  EXPERIMENT_DESIGNS,
  EXPERIMENT_METRICS,
  type ExperimentResultState,
  type ExperimentRow,
  ZExperimentView,
} from "@inboxwatch/services/analytics";

const ZResultState = z.object({
  computedAt: z.string().nullable().describe("When the analytics.refresh job last computed the result; null before its first run"),
  durationMs: z.number().nullable(),
  stale: z.boolean().describe("The experiment changed after the last computation (a refresh is queued)"),
});

const ZExperimentSummary = z.object({
  id: z.string(),
  name: z.string(),
  hypothesis: z.string(),
  changeKind: z.enum(EXPERIMENT_CHANGE_KINDS),
  assignBy: z.enum(EXPERIMENT_ASSIGN_BY).describe("variant: the campaign/variant tag of a message; senderDomain: its sending domain"),
  campaign: z.string().describe("Only messages of this campaign count; empty for any"),
  variants: z.array(z.object({ key: z.string(), label: z.string(), description: z.string() })).describe("The first is the control"),
  metric: z.enum(EXPERIMENT_METRICS),
  design: z.enum(EXPERIMENT_DESIGNS).describe("fixed: z-test valid at the planned N; sequential: mSPRT always-valid p, safe to peek"),
  alpha: z.number(),
  mde: z.number().describe("Minimum detectable effect, absolute (0.01 = one percentage point)"),
  attributionDays: z.number(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  status: z.enum(["DRAFT", "RUNNING", "STOPPED"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZExperimentListResponse = z.object({
  items: z.array(
    ZExperimentSummary.extend({
      result: ZResultState.extend({
        verdict: ZExperimentView.shape.verdict.nullable().describe("null before the first computation"),
      }),
    }),
  ),
});

export const ZExperimentResponse = ZExperimentSummary.extend({
  result: ZResultState.extend({
    view: ZExperimentView.nullable().describe("Per variant counts, rates and intervals, comparisons, verdict"),
  }),
});

type WithResult = ExperimentRow & { result: ExperimentResultState };

function summary(e: ExperimentRow): z.infer<typeof ZExperimentSummary> {
  return {
    id: e.id,
    name: e.name,
    hypothesis: e.hypothesis,
    changeKind: e.changeKind as z.infer<typeof ZExperimentSummary>["changeKind"],
    assignBy: e.assignBy as z.infer<typeof ZExperimentSummary>["assignBy"],
    campaign: e.campaign,
    variants: e.variants.map((v) => ({ key: v.key, label: v.label || v.key, description: v.description ?? "" })),
    metric: e.metric as z.infer<typeof ZExperimentSummary>["metric"],
    design: e.design as z.infer<typeof ZExperimentSummary>["design"],
    alpha: e.alpha,
    mde: e.mde,
    attributionDays: e.attributionDays,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt?.toISOString() ?? null,
    status: e.status,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

const state = (r: ExperimentResultState) => ({ computedAt: r.computedAt?.toISOString() ?? null, durationMs: r.durationMs, stale: r.stale });

export function toExperimentListResponse(rows: WithResult[]): z.infer<typeof ZExperimentListResponse> {
  return { items: rows.map((e) => ({ ...summary(e), result: { ...state(e.result), verdict: e.result.view?.verdict ?? null } })) };
}

export function toExperimentResponse(e: WithResult): z.infer<typeof ZExperimentResponse> {
  return { ...summary(e), result: { ...state(e.result), view: e.result.view } };
}
