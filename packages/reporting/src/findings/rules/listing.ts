/**
 * Blocklistings and what followed them: "Microsoft deferrals rose 4.0× after 203.0.113.7 was listed on
 * Spamhaus ZEN on Tuesday". For each listing in the period, every provider's deferral and bounce rates on
 * the days from the listing's day on are compared with the days before it (the previous period when the
 * listing came on the first day); the largest rise that is both large (RISE_MIN_RATIO, RISE_MIN_POINTS)
 * and over enough mail is the finding. A listing with no such rise is still reported, as a warning.
 */
import { dateTimeIn, formatCount, formatPercent, formatRatio, weekdayIn } from "../../format.ts";
import { type Fact } from "../../figures.ts";
import { addTally, type DeliveryTally, EMPTY_TALLY, type ListingEvent, type ProviderData, type ReportData } from "../data.ts";
import { action, finding, MIN_RATE_ATTEMPTS, previousNoun, providerName, type RuleResult } from "../common.ts";

/** A rate must at least double to be called a rise… */
export const RISE_MIN_RATIO = 2;
/** …and move by at least a point, so 0.1 % → 0.3 % of a small provider is not a root cause. */
export const RISE_MIN_POINTS = 0.01;
/** Deferred or bounced attempts after the change: fewer is anecdote. */
export const RISE_MIN_COUNT = 20;

export const RULE_LISTING_SPIKE = "deferral_spike_after_listing";
export const RULE_LISTING = "blocklist_listing";
export const RULE_DELISTED = "blocklist_delisted";

type Metric = "deferrals" | "bounces";
const part = (t: DeliveryTally, m: Metric) => (m === "deferrals" ? t.deferred : t.hardBounced + t.softBounced);

export interface Rise {
  provider: string;
  metric: Metric;
  before: number;
  after: number;
  /** after ÷ before; null when nothing was deferred (bounced) before. */
  ratio: number | null;
  afterCount: number;
  afterAttempted: number;
  /** "the days before" or "the previous week". */
  baseline: string;
}

/** Index of the day that contains `at` (0 when before the first, the last day when after it). */
export function dayIndexOf(days: readonly Date[], at: Date): number {
  let index = 0;
  for (let i = 0; i < days.length; i++) if ((days[i] as Date).getTime() <= at.getTime()) index = i;
  return index;
}

/** The largest qualifying rise of one provider's rates from before `day` to the day and after, or null. */
export function riseAt(p: ProviderData, day: number, baselineNoun: string): Rise | null {
  const sum = (from: number, to: number) => p.daily.slice(from, to).reduce(addTally, EMPTY_TALLY);
  let before = sum(0, day);
  let baseline = "the days before";
  if (before.attempted < MIN_RATE_ATTEMPTS) {
    before = p.previous;
    baseline = baselineNoun;
  }
  const after = sum(day, p.daily.length);
  if (before.attempted < MIN_RATE_ATTEMPTS || after.attempted < MIN_RATE_ATTEMPTS) return null;
  let best: Rise | null = null;
  for (const metric of ["deferrals", "bounces"] as const) {
    const b = part(before, metric) / before.attempted;
    const a = part(after, metric) / after.attempted;
    const ratio = b > 0 ? a / b : null;
    const qualifies = a - b >= RISE_MIN_POINTS && part(after, metric) >= RISE_MIN_COUNT && (ratio === null || ratio >= RISE_MIN_RATIO);
    if (!qualifies) continue;
    const rise: Rise = {
      provider: p.key,
      metric,
      before: b,
      after: a,
      ratio,
      afterCount: part(after, metric),
      afterAttempted: after.attempted,
      baseline,
    };
    if (!best || (rise.after - rise.before) * rise.afterAttempted > (best.after - best.before) * best.afterAttempted) best = rise;
  }
  return best;
}

function listingFacts(l: ListingEvent, timeZone: string): Fact[] {
  return [
    { label: l.subjectKind === "ip" ? "IP" : "Domain", value: l.subject },
    { label: "Blocklist", value: l.list },
    { label: "Listed at", value: dateTimeIn(l.at, timeZone) },
  ];
}

/** The providers whose rise a listing explains, so the spike-without-listing rule does not report them again. */
export function providersExplainedByListings(data: ReportData): Set<string> {
  const out = new Set<string>();
  for (const l of data.listings) {
    const day = dayIndexOf(data.days, l.at);
    for (const p of data.providers) if (riseAt(p, day, previousNoun(data.cadence))) out.add(p.key);
  }
  return out;
}

export function listingRules(data: ReportData): RuleResult[] {
  const out: RuleResult[] = [];
  for (const l of data.listings) {
    const day = dayIndexOf(data.days, l.at);
    const weekday = weekdayIn(l.at, data.timeZone);
    const rises = data.providers.map((p) => riseAt(p, day, previousNoun(data.cadence))).filter((r): r is Rise => r !== null);
    rises.sort((a, b) => (b.after - b.before) * b.afterAttempted - (a.after - a.before) * a.afterAttempted);
    const delist = action(RULE_LISTING_SPIKE, `Request delisting of ${l.subject} from ${l.list}`, l.evidencePath);
    const top = rises[0];
    if (top) {
      const name = providerName(top.provider);
      const change =
        top.ratio === null ? `rose from ${formatPercent(top.before)} to ${formatPercent(top.after)}` : `rose ${formatRatio(top.ratio)}`;
      const facts: Fact[] = [
        { label: "Provider", value: name },
        { label: `${name} ${top.metric} before (${top.baseline})`, value: formatPercent(top.before) },
        { label: `${name} ${top.metric} from the listing on`, value: formatPercent(top.after) },
        ...(top.ratio === null ? [] : [{ label: "Rise", value: formatRatio(top.ratio) }]),
        { label: `${name} ${top.metric} since the listing`, value: formatCount(top.afterCount) },
        ...listingFacts(l, data.timeZone),
      ];
      out.push({
        finding: finding(
          RULE_LISTING_SPIKE,
          "critical",
          `${name} ${top.metric} ${change} after ${l.subject} was listed on ${l.list} on ${weekday}.`,
          facts,
          l.evidencePath,
        ),
        weight: (top.after - top.before) * top.afterAttempted,
        action: l.delistedAt ? null : { ...delist },
      });
    } else if (!l.delistedAt) {
      out.push({
        finding: finding(
          RULE_LISTING,
          "warning",
          `${l.subject} was listed on ${l.list} on ${weekday} and was still listed at the end of the period.`,
          listingFacts(l, data.timeZone),
          l.evidencePath,
        ),
        weight: 0,
        action: { ...delist, rule: RULE_LISTING },
      });
    }
    if (l.delistedAt) {
      out.push({
        finding: finding(
          RULE_DELISTED,
          "good",
          `${l.subject} was delisted from ${l.list} on ${weekdayIn(l.delistedAt, data.timeZone)}.`,
          [...listingFacts(l, data.timeZone), { label: "Delisted at", value: dateTimeIn(l.delistedAt, data.timeZone) }],
          l.evidencePath,
        ),
        weight: 0,
        action: null,
      });
    }
  }
  return out;
}
