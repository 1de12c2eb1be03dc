/**
 * A/B experiments (issue 13 item 5): what a user may save, and the shape of the computed result view the
 * pages, the REST API and the CLI read.
 */
import { z } from "zod";

export const EXPERIMENT_METRICS = ["accepted", "open", "click", "complaint", "conversion"] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];
export const EXPERIMENT_CHANGE_KINDS = ["subject", "authentication", "cadence", "other"] as const;
export const EXPERIMENT_ASSIGN_BY = ["variant", "senderDomain"] as const;
export const EXPERIMENT_DESIGNS = ["fixed", "sequential"] as const;
export type ExperimentDesign = (typeof EXPERIMENT_DESIGNS)[number];

/** What each metric counts: trials → successes, the words the pages use, and which way is better. */
export const METRIC_INFO: Record<ExperimentMetric, { label: string; trials: string; successes: string; better: "higher" | "lower" }> = {
  accepted: { label: "accepted rate", trials: "attempted messages", successes: "accepted", better: "higher" },
  open: { label: "open rate", trials: "delivered messages", successes: "opened (unique)", better: "higher" },
  click: { label: "click rate", trials: "delivered messages", successes: "clicked (unique)", better: "higher" },
  complaint: { label: "complaint rate", trials: "delivered messages", successes: "complaints", better: "lower" },
  conversion: { label: "conversion rate", trials: "delivered recipients", successes: "converted recipients", better: "higher" },
};

/** More variants than this splits the mail too thin for any test (and the Bonferroni α with it). */
export const MAX_VARIANTS = 6;
/** α above this is no longer a test anyone should act on. */
export const MAX_ALPHA = 0.2;
/** Conversions later than this after a delivery are not credibly caused by it. */
export const MAX_ATTRIBUTION_DAYS = 90;

const ZVariant = z.object({
  key: z.string().trim().min(1, "Every variant needs a key (its tag or sending domain)").max(200, "At most 200 characters"),
  label: z.string().trim().max(60, "At most 60 characters").default(""),
  description: z.string().trim().max(300, "At most 300 characters").default(""),
});
export type ExperimentVariant = z.output<typeof ZVariant>;
/** The stored variants (Experiment.variants, JSON) read back with their shape checked. */
export const ZStoredVariants = z.array(ZVariant);

const ZFields = z.object({
  name: z.string().trim().min(1, "Name the experiment").max(120, "At most 120 characters"),
  hypothesis: z.string().trim().max(1000, "At most 1,000 characters").default(""),
  changeKind: z.enum(EXPERIMENT_CHANGE_KINDS).default("subject"),
  assignBy: z.enum(EXPERIMENT_ASSIGN_BY).default("variant"),
  campaign: z.string().trim().max(200, "At most 200 characters").default(""),
  variants: z
    .array(ZVariant)
    .min(2, "An experiment needs a control and at least one variant")
    .max(MAX_VARIANTS, `At most ${MAX_VARIANTS} variants`),
  metric: z.enum(EXPERIMENT_METRICS).default("open"),
  design: z.enum(EXPERIMENT_DESIGNS).default("sequential"),
  alpha: z.number().gt(0, "α must be above 0").max(MAX_ALPHA, `α must be at most ${MAX_ALPHA} (80 % confidence)`).default(0.05),
  mde: z
    .number()
    .gt(0, "The minimum detectable effect must be above 0")
    .lt(1, "The minimum detectable effect must be below 1 (100 points)")
    .default(0.01),
  attributionDays: z.number().int().min(1, "At least one day").max(MAX_ATTRIBUTION_DAYS, `At most ${MAX_ATTRIBUTION_DAYS} days`).default(7),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date().nullable().default(null),
});

/** Cross-field rules, shared by create and update (which checks the merged experiment). */
function checkFields(v: z.output<typeof ZFields>, issue: (message: string, path: (string | number)[]) => void): void {
  if (Number.isNaN(v.startsAt.getTime())) issue("Not a date", ["startsAt"]);
  if (v.endsAt && Number.isNaN(v.endsAt.getTime())) issue("Not a date", ["endsAt"]);
  if (v.endsAt && v.startsAt.getTime() >= v.endsAt.getTime()) issue("The end must be after the start", ["endsAt"]);
  const seen = new Set<string>();
  v.variants.forEach((variant, i) => {
    const key = v.assignBy === "senderDomain" ? variant.key.toLowerCase() : variant.key;
    if (seen.has(key)) issue(`Two variants share the key "${variant.key}"`, ["variants", i, "key"]);
    seen.add(key);
  });
}

export const ZCreateExperiment = ZFields.superRefine((v, c) =>
  checkFields(v, (message, path) => c.addIssue({ code: "custom", message, path })),
);
export type TCreateExperiment = z.input<typeof ZCreateExperiment>;

export const ZUpdateExperiment = ZFields.partial().extend({ id: z.string().min(1).max(40) });
export type TUpdateExperiment = z.input<typeof ZUpdateExperiment>;

export const ZExperimentId = z.object({ id: z.string().min(1).max(40) });

/** Sending domains compare without case; tags exactly as the ESP or the import wrote them. */
export function normalizeVariants(assignBy: string, variants: readonly ExperimentVariant[]): ExperimentVariant[] {
  return variants.map((v) => ({ ...v, key: assignBy === "senderDomain" ? v.key.toLowerCase() : v.key, label: v.label || v.key }));
}

// ---------------------------------------------------------------------------------------------------
// The computed view (AnalyticsView kind "experiment", key = experiment id).

const ZInterval = z.object({ low: z.number(), high: z.number() });

export const ZExperimentView = z.object({
  /** The experiment's settings the view was computed with (a later edit makes it stale until the next refresh). */
  metric: z.enum(EXPERIMENT_METRICS),
  better: z.enum(["higher", "lower"]),
  design: z.enum(EXPERIMENT_DESIGNS),
  /** "Sequential test (mSPRT, always-valid p): safe to check at any time" or the fixed-horizon sentence. */
  methodStatement: z.string(),
  /** α as planned, and after the Bonferroni correction for several variants against the control. */
  plannedAlpha: z.number(),
  alpha: z.number(),
  confidence: z.number(),
  mde: z.number(),
  window: z.object({ from: z.string(), to: z.string() }),
  variants: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      control: z.boolean(),
      trials: z.number(),
      successes: z.number(),
      rate: z.number().nullable(),
      interval: ZInterval.nullable(),
      /** Conversion value attributed to the variant, per currency (never added across currencies). */
      revenue: z.array(z.object({ currency: z.string(), value: z.number() })),
      /** Cumulative by UTC day: trials and successes so far and their rate (null before the first trial). */
      series: z.array(z.object({ day: z.string(), trials: z.number(), successes: z.number(), rate: z.number().nullable() })),
    }),
  ),
  comparisons: z.array(
    z.object({
      variant: z.string(),
      difference: z.number().nullable(),
      interval: ZInterval.nullable(),
      pValue: z.number().nullable(),
      significant: z.boolean(),
    }),
  ),
  minimumDetectableEffect: z.number().nullable(),
  sampleSize: z.object({
    /** Per variant, for the planned MDE from the control's rate; null while the control has no rate. */
    neededPerVariant: z.number().nullable(),
    /** The smallest variant's trials. */
    reachedPerVariant: z.number(),
  }),
  verdict: z.object({
    kind: z.enum(["winner", "loser", "no-difference", "no-difference-yet", "awaiting-horizon", "not-enough-data"]),
    variant: z.string().nullable(),
    difference: z.number().nullable(),
    /** One sentence for people: "Variant B wins: +2.1 pts open rate (95 % CI +0.9 to +3.3), p = 0.003". */
    sentence: z.string(),
  }),
  /** Messages of the window and campaign whose variant is none of the experiment's keys (a mistyped key shows here). */
  unassigned: z.number(),
});
export type ExperimentView = z.infer<typeof ZExperimentView>;
export type ExperimentVerdictKind = ExperimentView["verdict"]["kind"];
