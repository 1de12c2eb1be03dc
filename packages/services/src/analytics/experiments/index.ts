import { VIEW_REFRESHERS } from "../views/refresh.ts";
import { experimentsRefresher } from "./verbs.ts";

// The analytics.refresh job recomputes experiment results with the other views.
if (!VIEW_REFRESHERS.some((r) => r.kind === experimentsRefresher.kind)) VIEW_REFRESHERS.push(experimentsRefresher);

export { computeExperimentResults, ENGAGEMENT_GRACE_DAYS, type ExperimentInput } from "./compute.ts";
export {
  EXPERIMENT_ASSIGN_BY,
  EXPERIMENT_CHANGE_KINDS,
  EXPERIMENT_DESIGNS,
  EXPERIMENT_METRICS,
  type ExperimentMetric,
  type ExperimentVariant,
  type ExperimentView,
  MAX_ALPHA,
  MAX_VARIANTS,
  METRIC_INFO,
  type TCreateExperiment,
  type TUpdateExperiment,
  ZCreateExperiment,
  ZExperimentId,
  ZExperimentView,
  ZUpdateExperiment,
} from "./schema.ts";
export {
  createExperiment,
  deleteExperiment,
  type ExperimentResultState,
  type ExperimentRow,
  experimentsRefresher,
  getExperiment,
  listExperiments,
  refreshExperimentViews,
  refreshExperiments,
  stopExperiment,
  updateExperiment,
} from "./verbs.ts";
export { describeMethod, formatConfidence, formatPoints, formatPValue, METHOD_STATEMENTS } from "./words.ts";
