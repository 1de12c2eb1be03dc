/**
 * /api/v1/analytics: the dashboard figures for machines (and `inboxwatch kpi`). The query string carries
 * the same view the page keeps in its URL; the replies are the verbs' results with dates as ISO strings.
 */
import { z } from "zod";

import { ValidationError } from "@inboxwatch/services";
import { type AnalyticsQueryInput, ANALYTICS_DIMENSIONS } from "@inboxwatch/services/analytics";

const ZKpiValue = z.union([
  z.object({ state: z.literal("ok"), value: z.number(), volume: z.number(), basis: z.string().optional() }),
  z
    .object({ state: z.literal("not-enough"), volume: z.number(), minVolume: z.number() })
    .describe("Below the KPI's minimum volume: not enough mail"),
  z.object({ state: z.literal("no-data") }).describe("No source reported anything in the period (not zero)"),
]);

const ZPeriod = z.object({ from: z.string().describe("ISO 8601"), to: z.string().describe("ISO 8601") });

export const ZAnalyticsOverviewResponse = z.object({
  period: ZPeriod,
  previous: ZPeriod.nullable(),
  bucket: z.enum(["hour", "day"]),
  kpis: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      group: z.string(),
      unit: z.string().describe("fraction (0..1), seconds or messages"),
      better: z.enum(["higher", "lower"]),
      formula: z.string(),
      caveat: z.string(),
      minVolume: z.number(),
      volumeNoun: z.enum(["messages", "probes", "snapshots"]).describe("What minVolume counts"),
      current: ZKpiValue,
      previous: ZKpiValue.nullable(),
      delta: z.number().nullable(),
    }),
  ),
  series: z.array(z.object({ at: z.string(), attempted: z.number(), deferred: z.number(), bounced: z.number(), acceptedRate: ZKpiValue })),
  annotations: z.array(z.object({ at: z.string(), kind: z.string(), title: z.string() })),
  breakdown: z.object({
    dimension: z.enum(ANALYTICS_DIMENSIONS),
    rows: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        attempted: z.number(),
        share: z.number().nullable(),
        accepted: ZKpiValue,
        deferral: ZKpiValue,
        hardBounce: ZKpiValue,
        softBounce: ZKpiValue,
      }),
    ),
  }),
});

const ZPortState = z.enum(["up", "degraded", "down", "unknown"]).describe("unknown: no monitor of the port has run a probe yet");

export const ZAnalyticsPanelsResponse = z.object({
  period: ZPeriod,
  ports: z.array(
    z.object({
      port: z.number().describe("25, 587 or 465"),
      state: ZPortState.describe("Now, from the port's enabled monitors: down if any is down, then degraded, then up"),
      monitors: z.object({ total: z.number(), up: z.number(), degraded: z.number(), down: z.number(), unprobed: z.number() }),
      lastProbeAt: z.string().nullable(),
      probes: z.number().describe("Probes in the period"),
      uptime: ZKpiValue,
      meanProbeMs: ZKpiValue.describe(
        "Mean total time of the period's successful probes (the whole SMTP session, ms), from the hourly rollups",
      ),
      connectP95Ms: ZKpiValue.describe("95th percentile TCP connect time of the period's successful probes (ms)"),
      bannerP95Ms: ZKpiValue.describe("95th percentile time to the 220 banner of the period's successful probes (ms)"),
    }),
  ),
  queueLatency: z.object({
    bucket: z.enum(["hour", "day"]).describe("hour up to 31 days, day beyond"),
    hasQueue: z.boolean(),
    hasLatency: z.boolean(),
    points: z.array(
      z.object({
        at: z.string(),
        queueDepth: z.number().nullable().describe("Mean queued messages, every queue source added; the filters do not apply"),
        queueSamples: z.number(),
        sendLatencySeconds: z.number().nullable().describe("Mean delay of the accepted messages, with the view's filters"),
        latencySamples: z.number(),
      }),
    ),
  }),
  replyCodes: z.object({
    bucket: z.enum(["hour", "day"]).describe("hour up to two days, day beyond"),
    codes: z
      .array(z.object({ code: z.string(), class: z.enum(["4xx", "5xx"]), total: z.number() }))
      .describe("The period's most frequent remote 4xx / 5xx reply codes (at most 8), most frequent first; with the view's filters"),
    points: z.array(z.object({ at: z.string(), counts: z.record(z.string(), z.number()).describe("code → replies in the bucket") })),
  }),
});

const ZFigure = z.object({
  label: z.string(),
  value: z.number().nullable().describe("null when an input is missing"),
  unit: z.string(),
  formula: z.string(),
  inputs: z.array(z.object({ label: z.string(), value: z.number().nullable(), unit: z.string() })),
});

export const ZRoiResponse = z.object({
  period: ZPeriod,
  baseline: ZPeriod,
  currency: z.string(),
  figures: z.object({
    incrementalAccepted: ZFigure,
    incrementalInbox: ZFigure,
    revenueFromDelivery: ZFigure,
    avoidedDowntimeCost: ZFigure,
    avoidedQueueDelayCost: ZFigure,
    total: ZFigure,
  }),
  cycles: z.array(
    z.object({
      incident: z.object({ id: z.string(), title: z.string(), openedAt: z.string() }),
      recoveredAt: z.string().nullable(),
      durationHours: z.number().nullable(),
      lostMessages: z.number().nullable(),
      cost: ZFigure.nullable(),
    }),
  ),
});

function required(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw new ValidationError(`The query parameter "${name}" (ISO 8601) is required`);
  return value;
}

/** ?from=&to= (required), ?provider=, ?domain=, ?server=, ?campaign=, ?by=provider|senderDomain|serverId|campaign, ?compare=0. */
export function parseAnalyticsQuery(url: URL): AnalyticsQueryInput {
  const by = url.searchParams.get("by") ?? "provider";
  if (!(ANALYTICS_DIMENSIONS as readonly string[]).includes(by)) {
    throw new ValidationError(`"by" must be one of ${ANALYTICS_DIMENSIONS.join(", ")}`);
  }
  return {
    from: required(url, "from"),
    to: required(url, "to"),
    provider: url.searchParams.get("provider") ?? undefined,
    senderDomain: url.searchParams.get("domain") ?? undefined,
    serverId: url.searchParams.get("server") ?? undefined,
    campaign: url.searchParams.get("campaign") ?? undefined,
    breakdown: by as AnalyticsQueryInput["breakdown"],
    compare: url.searchParams.get("compare") !== "0",
  };
}

export function parseRoiQuery(url: URL): { from: string; to: string } {
  return { from: required(url, "from"), to: required(url, "to") };
}

/** JSON has no NaN: a figure input that is not set travels as null. */
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function toFigureResponse(f: {
  label: string;
  value: number | null;
  unit: string;
  formula: string;
  inputs: { label: string; value: number; unit: string }[];
}) {
  return { ...f, inputs: f.inputs.map((i) => ({ ...i, value: finiteOrNull(i.value) })) };
}
