/**
 * An experiment's results, computed by the analytics.refresh job (never on page load): per variant the
 * trials and successes of its metric over the experiment's window, a cumulative daily series, revenue
 * per currency for conversions, then the statistics of @inboxwatch/analytics/stats with the experiment's
 * design, α and MDE. Messages, their variants and conversions come from attribution.ts, the rule shared
 * with the cohort tables.
 */
import {
  analyzeExperiment,
  type ExperimentResult,
  MIN_TRIALS_PER_VARIANT,
  sampleSizePerVariant,
  type VariantCounts,
} from "@inboxwatch/analytics/stats";
import { type Experiment, Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../../context.ts";
import { attributedConversionsSql, attributedMessagesSql } from "../attribution.ts";
import { type ExperimentMetric, type ExperimentVariant, type ExperimentView, METRIC_INFO, normalizeVariants } from "./schema.ts";
import { describeMethod, verdictOf } from "./words.ts";

const DAY_MS = 86_400_000;
/** Opens, clicks and complaints of a message count when they arrive within this many days after the window ends. */
export const ENGAGEMENT_GRACE_DAYS = 7;
/** The cumulative series keeps at most this many days (the most recent): a chart of a longer test stays readable. */
export const SERIES_MAX_DAYS = 366;

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);
const dayOf = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

interface DayRow {
  arm: string;
  day: Date;
  attempted: bigint;
  delivered: bigint;
  opened: bigint;
  clicked: bigint;
  complained: bigint;
}

function successesOf(metric: Exclude<ExperimentMetric, "conversion">, r: DayRow): { trials: number; successes: number } {
  switch (metric) {
    case "accepted":
      return { trials: n(r.attempted), successes: n(r.delivered) };
    case "open":
      return { trials: n(r.delivered), successes: n(r.opened) };
    case "click":
      return { trials: n(r.delivered), successes: n(r.clicked) };
    case "complaint":
      return { trials: n(r.delivered), successes: n(r.complained) };
  }
}

/** The experiment row as the computation needs it (a Prisma Experiment, or the same fields). */
export type ExperimentInput = Pick<
  Experiment,
  "id" | "assignBy" | "campaign" | "variants" | "metric" | "design" | "alpha" | "mde" | "attributionDays" | "startsAt" | "endsAt"
>;

export async function computeExperimentResults(
  ctx: Pick<OrgContext, "db" | "orgId">,
  input: { experiment: ExperimentInput; now?: Date },
): Promise<ExperimentView> {
  const e = input.experiment;
  const now = input.now ?? new Date();
  const metric = e.metric as ExperimentMetric;
  const variants = normalizeVariants(e.assignBy, e.variants as ExperimentVariant[]);
  const keys = variants.map((v) => v.key);
  const from = e.startsAt;
  const to = new Date(Math.min((e.endsAt ?? now).getTime(), now.getTime()));
  const windowEnd = to.getTime() > from.getTime() ? to : from;
  // The scan reaches back by the attribution window (a conversion's latest delivery may precede the
  // experiment, and then the conversion is not the experiment's) and forward by the engagement grace.
  const scanFrom = new Date(from.getTime() - e.attributionDays * DAY_MS);
  const scanTo = new Date(Math.min(now.getTime(), windowEnd.getTime() + Math.max(ENGAGEMENT_GRACE_DAYS, e.attributionDays) * DAY_MS) + 1);
  const messages = attributedMessagesSql({ orgId: ctx.orgId, from: scanFrom, to: scanTo });
  const arm = e.assignBy === "senderDomain" ? Prisma.sql`lower(m."senderDomain")` : Prisma.sql`m."variant"`;
  const campaign = e.campaign ? Prisma.sql`and m."campaign" = ${e.campaign}` : Prisma.empty;
  const keyList = Prisma.join(keys.map((k) => Prisma.sql`${k}`));
  // The experiment's messages: first attempted inside the window, of the campaign, with their variant.
  const inWindow = Prisma.sql`m."attemptedAt" >= ${from} and m."attemptedAt" < ${windowEnd} ${campaign}`;

  // One pass over the window's messages: per variant and day, and the messages whose variant is none of
  // the keys ('' — keys are never empty) for the "unassigned" count.
  const days = await ctx.db.$queryRaw<DayRow[]>`
    with m as (${messages})
    select case when ${arm} in (${keyList}) then ${arm} else '' end as "arm",
      date_trunc('day', m."attemptedAt" at time zone 'UTC') at time zone 'UTC' as "day",
      count(*) as "attempted",
      count(*) filter (where m."deliveredAt" is not null) as "delivered",
      count(*) filter (where m."deliveredAt" is not null and m."opened") as "opened",
      count(*) filter (where m."deliveredAt" is not null and m."clicked") as "clicked",
      count(*) filter (where m."deliveredAt" is not null and m."complained") as "complained"
    from m where ${inWindow}
    group by 1, 2 order by 2`;
  const unassigned = days.filter((r) => r.arm === "").reduce((sum, r) => sum + n(r.attempted), 0);

  const perArm = new Map<string, { day: Date; trials: number; successes: number }[]>(keys.map((k) => [k, []]));
  const revenue = new Map<string, Map<string, number>>(keys.map((k) => [k, new Map()]));
  if (metric === "conversion") {
    // Trials: recipients with a delivered message of the variant (on the day of their first); successes:
    // those recipients with a conversion attributed to one of the variant's messages (on the day of their first).
    const [recipients, conversions] = await Promise.all([
      ctx.db.$queryRaw<{ arm: string; day: Date; count: bigint }[]>`
        with m as (${messages})
        select "arm", "day", count(*) as "count" from (
          select ${arm} as "arm", m."recipientHash", date_trunc('day', min(m."deliveredAt") at time zone 'UTC') at time zone 'UTC' as "day"
          from m where ${inWindow} and m."deliveredAt" is not null and ${arm} in (${keyList})
          group by 1, 2
        ) r group by 1, 2`,
      ctx.db.$queryRaw<{ arm: string; recipientHash: string; occurredAt: Date; value: number; currency: string }[]>`
        with m as (${messages}),
        c as (${attributedConversionsSql({ orgId: ctx.orgId, from, to: scanTo, attributionDays: e.attributionDays, messages: Prisma.raw("m") })})
        select ${arm} as "arm", c."recipientHash", c."occurredAt", c."value", c."currency"
        from c join m on m."messageKey" = c."messageKey" and m."recipientHash" = c."recipientHash"
        where ${inWindow} and ${arm} in (${keyList})`,
    ]);
    for (const r of recipients) perArm.get(r.arm)?.push({ day: r.day, trials: n(r.count), successes: 0 });
    const firstConversion = new Map<string, { arm: string; at: Date }>();
    for (const c of conversions) {
      const money = revenue.get(c.arm);
      if (money && Number.isFinite(c.value)) money.set(c.currency, (money.get(c.currency) ?? 0) + c.value);
      const key = `${c.arm}\u0000${c.recipientHash}`;
      const seen = firstConversion.get(key);
      if (!seen || c.occurredAt < seen.at) firstConversion.set(key, { arm: c.arm, at: c.occurredAt });
    }
    for (const { arm: a, at } of firstConversion.values()) perArm.get(a)?.push({ day: dayOf(at), trials: 0, successes: 1 });
  } else {
    for (const r of days) perArm.get(r.arm)?.push({ day: r.day, ...successesOf(metric, r) });
  }

  const allDays = dayRange(dayOf(from), dayOf(new Date(Math.max(windowEnd.getTime() - 1, from.getTime()))));
  const arms = variants.map((v) => {
    const points = perArm.get(v.key) ?? [];
    return { variant: v, counts: cumulative(points, allDays) };
  });
  const counts: VariantCounts[] = arms.map(({ variant, counts: c }) => ({
    name: variant.key,
    ...(c.at(-1) ?? { trials: 0, successes: 0 }),
  }));
  const result = analyzeExperiment(counts, { method: e.design === "fixed" ? "fixed" : "sequential", alpha: e.alpha, plannedEffect: e.mde });
  const neededPerVariant = plannedSampleSize(result, e.mde);
  const reachedPerVariant = Math.min(...counts.map((c) => c.trials));
  const info = METRIC_INFO[metric];
  const labels = new Map(variants.map((v) => [v.key, v.label || v.key]));

  return {
    metric,
    better: info.better,
    design: result.method,
    methodStatement: describeMethod(result.method),
    plannedAlpha: e.alpha,
    alpha: result.alpha,
    confidence: result.confidence,
    mde: e.mde,
    window: { from: from.toISOString(), to: windowEnd.toISOString() },
    variants: arms.map(({ variant, counts: series }, i) => {
      const r = [result.control, ...result.variants][i] ?? result.control;
      return {
        key: variant.key,
        label: variant.label || variant.key,
        control: i === 0,
        trials: r.trials,
        successes: r.successes,
        rate: r.rate,
        interval: r.interval,
        revenue: [...(revenue.get(variant.key) ?? new Map<string, number>())]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, value]) => ({ currency, value: Math.round(value * 100) / 100 })),
        series: series.slice(-SERIES_MAX_DAYS).map((p) => ({ ...p, rate: p.trials > 0 ? p.successes / p.trials : null })),
      };
    }),
    comparisons: result.comparisons.map((c) => ({ ...c })),
    minimumDetectableEffect: result.minimumDetectableEffect,
    sampleSize: { neededPerVariant, reachedPerVariant },
    verdict: verdictOf({
      result,
      metric,
      labels,
      neededPerVariant,
      reachedPerVariant,
      minimum: MIN_TRIALS_PER_VARIANT,
      mde: e.mde,
      closed: e.endsAt !== null && e.endsAt.getTime() <= now.getTime(),
    }),
    unassigned,
  };
}

/** Every UTC day from `first` to `last`, inclusive. */
function dayRange(first: Date, last: Date): Date[] {
  const out: Date[] = [];
  const start = Math.max(first.getTime(), last.getTime() - (SERIES_MAX_DAYS - 1) * DAY_MS);
  // Days before the kept range still add into the first kept point (cumulative() folds them in).
  for (let t = start; t <= last.getTime(); t += DAY_MS) out.push(new Date(t));
  return out.length ? out : [first];
}

/** Running totals on each day of `days`; points before the first day fold into it, after the last into the last. */
function cumulative(points: { day: Date; trials: number; successes: number }[], days: Date[]) {
  const sorted = [...points].sort((a, b) => a.day.getTime() - b.day.getTime());
  const out: { day: string; trials: number; successes: number }[] = [];
  let trials = 0;
  let successes = 0;
  let i = 0;
  days.forEach((d, index) => {
    const last = index === days.length - 1;
    for (let p = sorted[i]; p && (last || p.day.getTime() <= d.getTime()); p = sorted[++i]) {
      trials += p.trials;
      successes += p.successes;
    }
    out.push({ day: d.toISOString().slice(0, 10), trials, successes });
  });
  return out;
}

/** Per variant, to detect the planned MDE from the control's rate (upwards, else downwards when the rate is high); null without a rate. */
function plannedSampleSize(result: ExperimentResult, mde: number): number | null {
  const base = result.control.rate;
  if (base === null || base <= 0 || base >= 1) return null;
  const effect = base + mde < 1 ? mde : base - mde > 0 ? -mde : null;
  if (effect === null) return null;
  const needed = sampleSizePerVariant(base, effect, { alpha: result.alpha });
  return Number.isFinite(needed) ? needed : null;
}
