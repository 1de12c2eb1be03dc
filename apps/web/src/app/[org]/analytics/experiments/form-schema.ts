import type { inferRouterInputs } from "@trpc/server";
import { z } from "zod";

import type { AppRouter } from "@inboxwatch/api";

import { type RouterOutputs } from "~/trpc/react";

export type ExperimentRow = RouterOutputs["analytics"]["experiments"]["get"];
export type CreateExperimentInput = inferRouterInputs<AppRouter>["analytics"]["experiments"]["create"];

/** The confidence levels offered (α = 1 − confidence); the server accepts any α in (0, 0.2]. */
export const CONFIDENCE_OPTIONS = [
  { value: "80", label: "80 % (α 0.20)" },
  { value: "90", label: "90 % (α 0.10)" },
  { value: "95", label: "95 % (α 0.05) — the usual choice" },
  { value: "99", label: "99 % (α 0.01)" },
] as const;

export const METRIC_OPTIONS = [
  { value: "open", label: "Open rate (unique opens ÷ delivered)" },
  { value: "click", label: "Click rate (unique clicks ÷ delivered)" },
  { value: "accepted", label: "Accepted rate (accepted ÷ attempted)" },
  { value: "complaint", label: "Complaint rate (complaints ÷ delivered; lower wins)" },
  { value: "conversion", label: "Conversion rate (converted ÷ delivered recipients)" },
] as const;

export const CHANGE_KIND_OPTIONS = [
  { value: "subject", label: "Subject line or content" },
  { value: "authentication", label: "Authentication (sending domain, DKIM selector)" },
  { value: "cadence", label: "Cadence or send time" },
  { value: "other", label: "Something else" },
] as const;

export const ASSIGN_BY_OPTIONS = [
  { value: "variant", label: "Variant tag (ESP tag, message metadata or recipient import)" },
  { value: "senderDomain", label: "Sending domain (each variant is a domain)" },
] as const;

/** One line each, shown under the choice: what the design promises and when to read it. */
export const DESIGN_EXPLANATIONS = {
  sequential: "Sequential (mSPRT): the p-value stays valid every time you look, so you may stop as soon as it is significant.",
  fixed: "Fixed horizon (z-test): slightly more power, but read it once, when each variant has reached the planned sample size.",
} as const;

export interface VariantDraft {
  key: string;
  label: string;
  description: string;
}

export interface ExperimentFormValues {
  name: string;
  hypothesis: string;
  changeKind: string;
  assignBy: string;
  campaign: string;
  variants: VariantDraft[];
  metric: string;
  design: string;
  confidence: string;
  /** Percentage points, as typed. */
  mdePoints: string;
  attributionDays: string;
  /** YYYY-MM-DD, UTC days. */
  startsOn: string;
  /** YYYY-MM-DD or empty (runs until stopped). */
  endsOn: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function emptyExperimentForm(today = new Date()): ExperimentFormValues {
  return {
    name: "",
    hypothesis: "",
    changeKind: "subject",
    assignBy: "variant",
    campaign: "",
    variants: [
      { key: "A", label: "Control", description: "" },
      { key: "B", label: "", description: "" },
    ],
    metric: "open",
    design: "sequential",
    confidence: "95",
    mdePoints: "1",
    attributionDays: "7",
    startsOn: day(today),
    endsOn: "",
  };
}

export function experimentFormOf(e: ExperimentRow): ExperimentFormValues {
  const confidence = String(Math.round((1 - e.alpha) * 100));
  return {
    name: e.name,
    hypothesis: e.hypothesis,
    changeKind: e.changeKind,
    assignBy: e.assignBy,
    campaign: e.campaign,
    variants: e.variants.map((v) => ({ key: v.key, label: v.label === v.key ? "" : v.label, description: v.description })),
    metric: e.metric,
    design: e.design,
    confidence: CONFIDENCE_OPTIONS.some((o) => o.value === confidence) ? confidence : "95",
    mdePoints: String(Math.round(e.mde * 10_000) / 100),
    attributionDays: String(e.attributionDays),
    startsOn: day(e.startsAt),
    endsOn: e.endsAt ? day(new Date(e.endsAt.getTime() - 1)) : "",
  };
}

/**
 * The browser's checks, with the server's messages where they overlap (the server checks again), and
 * the form's strings turned into the verb's input: confidence → α, points → a fraction, days → UTC instants.
 */
export const ZExperimentForm = z
  .object({
    name: z.string().trim().min(1, "Name the experiment").max(120, "At most 120 characters"),
    hypothesis: z.string().trim().max(1000, "At most 1,000 characters"),
    changeKind: z.enum(["subject", "authentication", "cadence", "other"]),
    assignBy: z.enum(["variant", "senderDomain"]),
    campaign: z.string().trim().max(200, "At most 200 characters"),
    variants: z
      .array(z.object({ key: z.string().trim(), label: z.string().trim(), description: z.string().trim() }))
      .min(2, "An experiment needs a control and at least one variant")
      .max(6, "At most 6 variants"),
    metric: z.enum(["accepted", "open", "click", "complaint", "conversion"]),
    design: z.enum(["fixed", "sequential"]),
    confidence: z.enum(["80", "90", "95", "99"]),
    mdePoints: z.coerce
      .number({ error: "Enter the smallest change worth detecting, in points" })
      .gt(0, "Above 0 points")
      .lt(100, "Below 100 points"),
    attributionDays: z.coerce
      .number({ error: "Enter a number of days" })
      .int("Whole days")
      .min(1, "At least one day")
      .max(90, "At most 90 days"),
    startsOn: z.string().regex(DAY_PATTERN, "Pick the first day"),
    endsOn: z.union([z.literal(""), z.string().regex(DAY_PATTERN, "Pick a day or leave it empty")]),
  })
  .superRefine((v, ctx) => {
    const keys = v.variants.map((x) => (v.assignBy === "senderDomain" ? x.key.toLowerCase() : x.key));
    keys.forEach((k, i) => {
      if (!k) ctx.addIssue({ code: "custom", path: ["variants"], message: `Variant ${i + 1} needs a key (its tag or sending domain)` });
      else if (keys.indexOf(k) !== i) ctx.addIssue({ code: "custom", path: ["variants"], message: `Two variants share the key "${k}"` });
    });
    if (v.endsOn && v.endsOn <= v.startsOn)
      ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The last day must be after the first" });
  })
  .transform((v): CreateExperimentInput => ({
    name: v.name,
    hypothesis: v.hypothesis,
    changeKind: v.changeKind,
    assignBy: v.assignBy,
    campaign: v.campaign,
    variants: v.variants.map((x) => ({ key: x.key, label: x.label, description: x.description })),
    metric: v.metric,
    design: v.design,
    alpha: Math.round((1 - Number(v.confidence) / 100) * 1000) / 1000,
    mde: v.mdePoints / 100,
    attributionDays: v.attributionDays,
    startsAt: new Date(`${v.startsOn}T00:00:00Z`),
    // The last day is included: the window ends at the next midnight (UTC).
    endsAt: v.endsOn ? new Date(new Date(`${v.endsOn}T00:00:00Z`).getTime() + 86_400_000) : null,
  }));
