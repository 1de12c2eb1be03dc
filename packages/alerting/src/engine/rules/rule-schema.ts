/**
 * Alert rule definitions. A rule is stored as JSON (validated with these schemas at the boundary) and
 * evaluated by `evaluateRule` without re-validation, so the evaluator can run tens of thousands per second.
 */
import { z } from "zod";

import { ALERT_EVENTS, ALERT_METRICS, metricRangeProblem } from "./catalog.ts";

/** A rule must look at least one minute back; rollups are not finer than that. */
export const RULE_MIN_WINDOW_MINUTES = 1;
/** Longest window: 7 days, the same horizon as the baseline, so one rollup read serves both. */
export const RULE_MAX_WINDOW_MINUTES = 7 * 24 * 60;
/** Longest for-duration: one day; anything longer is a report, not an alert. */
export const RULE_MAX_FOR_MINUTES = 24 * 60;
/** Certificates are renewed at 30 days by ACME clients; warning earlier than 90 days is noise. */
export const RULE_MAX_CERT_DAYS = 90;
/** A rule may notify this many channels; more is a routing mistake, not a need. */
export const RULE_MAX_CHANNELS = 20;

export const ZAlertSeverity = z.enum(["critical", "warning", "info"]);
export type TAlertSeverity = z.infer<typeof ZAlertSeverity>;
/** Severity order, for "at least" comparisons (routing) and escalation. */
export const SEVERITY_RANK: Record<TAlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export const ALERT_SCOPE_TYPES = ["organization", "domain", "ip", "pool", "server", "port", "provider"] as const;
export const ZAlertScopeType = z.enum(ALERT_SCOPE_TYPES);
export type TAlertScopeType = z.infer<typeof ZAlertScopeType>;

/** What a rule watches. Everything but the organization names one object by its id (a provider by its key, e.g. "gmail"). */
export const ZAlertScope = z.discriminatedUnion("type", [
  z.object({ type: z.literal("organization") }),
  z.object({ type: z.enum(["domain", "ip", "pool", "server", "port", "provider"]), id: z.string().min(1).max(200) }),
]);
export type TAlertScope = z.infer<typeof ZAlertScope>;

export const ZComparator = z.enum([">", ">=", "<", "<="]);
export type TComparator = z.infer<typeof ZComparator>;

const windowMinutes = z.number().int().min(RULE_MIN_WINDOW_MINUTES).max(RULE_MAX_WINDOW_MINUTES);

export const ZThresholdCondition = z
  .object({
    kind: z.literal("threshold"),
    metric: z.enum(ALERT_METRICS),
    /** Bounce category (e.g. "reputation", "policy"); required for bounce_rate_by_category only. */
    category: z.string().min(1).max(64).optional(),
    comparator: ZComparator,
    value: z.number().finite(),
    windowMinutes,
  })
  .refine((c) => (c.metric === "bounce_rate_by_category") === (c.category !== undefined), {
    message: "category is required for bounce_rate_by_category and only for it",
    path: ["category"],
  })
  .superRefine((c, ctx) => {
    // The threshold must be a value the metric can take: "bounce rate > 150 %" never fires.
    const problem = metricRangeProblem(c.metric, c.value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["value"] });
  });

export const ZEventCondition = z
  .object({
    kind: z.literal("event"),
    event: z.enum(ALERT_EVENTS),
    /** cert_expiring only: fire when the certificate expires within this many days. */
    days: z.number().int().min(1).max(RULE_MAX_CERT_DAYS).optional(),
    /** Occurrence events (throttling, greylisting) count detections inside this window. */
    windowMinutes: windowMinutes.default(60),
  })
  .refine((c) => (c.event === "cert_expiring") === (c.days !== undefined), {
    message: "days is required for cert_expiring and only for it",
    path: ["days"],
  });

export const ZBaselineCondition = z
  .object({
    kind: z.literal("baseline"),
    metric: z.enum(ALERT_METRICS),
    category: z.string().min(1).max(64).optional(),
    /** "above": value > factor × median (bounce rate tripled); "below": value < median ÷ factor (volume collapsed). */
    direction: z.enum(["above", "below"]).default("above"),
    factor: z.number().gt(1).max(1000),
    windowMinutes,
    /** Ignore changes smaller than this absolute value: 3 × a 0.01% median is still nothing. */
    minValue: z.number().finite().min(0).default(0),
  })
  .refine((c) => (c.metric === "bounce_rate_by_category") === (c.category !== undefined), {
    message: "category is required for bounce_rate_by_category and only for it",
    path: ["category"],
  })
  .superRefine((c, ctx) => {
    const problem = metricRangeProblem(c.metric, c.minValue);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["minValue"] });
  });

export const ZAlertCondition = z.union([ZThresholdCondition, ZEventCondition, ZBaselineCondition]);
export type TAlertCondition = z.infer<typeof ZAlertCondition>;
export type TThresholdCondition = z.infer<typeof ZThresholdCondition>;
export type TEventCondition = z.infer<typeof ZEventCondition>;
export type TBaselineCondition = z.infer<typeof ZBaselineCondition>;

/** Flapping: more than `maxChanges` condition changes inside `windowMinutes` holds the incident as is. */
export const ZFlappingPolicy = z.object({
  windowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  maxChanges: z.number().int().min(2).max(100).default(4),
});
export type TFlappingPolicy = z.infer<typeof ZFlappingPolicy>;

export const ZAlertRuleDraft = z.object({
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  /** Set on rules created from a built-in preset, so presets can be upgraded later without duplicates. */
  presetKey: z.string().min(1).max(64).optional(),
  scope: ZAlertScope,
  condition: ZAlertCondition,
  severity: ZAlertSeverity,
  /**
   * Series: the window must hold at least this many messages (or probes) — no alert on 2 messages.
   * Events: this many confirming observations (state: consecutive; occurrence: inside the window).
   */
  minVolume: z.number().int().min(0).max(10_000_000).default(0),
  /** The condition must hold this long before firing, and be clear this long before resolving. */
  forMinutes: z.number().int().min(0).max(RULE_MAX_FOR_MINUTES).default(0),
  flapping: ZFlappingPolicy.default({ windowMinutes: 60, maxChanges: 4 }),
  runbookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  channelIds: z.array(z.string().min(1).max(200)).max(RULE_MAX_CHANNELS).default([]),
});
export type TAlertRuleDraft = z.infer<typeof ZAlertRuleDraft>;
/** The input side (defaults not yet applied), for callers building drafts by hand. */
export type TAlertRuleDraftInput = z.input<typeof ZAlertRuleDraft>;

export const ZAlertRule = ZAlertRuleDraft.extend({ id: z.string().min(1).max(200) });
export type TAlertRule = z.infer<typeof ZAlertRule>;

/** A stable key for a scope, used to match maintenance windows and to key incidents (rule id + scope key). */
export function scopeKey(scope: TAlertScope): string {
  return scope.type === "organization" ? "organization" : `${scope.type}:${scope.id}`;
}
