/**
 * Changes of the headline rates against the previous period, beyond the noise band format.ts computes
 * (bad news and good news alike), and a provider's deferral spike that no blocklisting explains.
 */
import { formatCount, formatPercent, formatRatio } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, MIN_RATE_ATTEMPTS, previousNoun, providerName, type RuleResult } from "../common.ts";
import { providersExplainedByListings, RISE_MIN_COUNT, RISE_MIN_POINTS, RISE_MIN_RATIO } from "./listing.ts";

export const RULE_RATE_CHANGE = "rate_change";
export const RULE_DEFERRAL_SPIKE = "deferral_spike";

/** The headline rates whose moves are findings, with the words for them. */
const WATCHED: Record<string, { noun: string; rule: string; actionText: string | null; actionPath: string }> = {
  accepted_rate: {
    noun: "The accepted rate",
    rule: "accepted_rate_change",
    actionText: "Open the analytics breakdown by provider to see where acceptance fell",
    actionPath: "analytics",
  },
  hard_bounce_rate: {
    noun: "The hard-bounce rate",
    rule: "hard_bounce_change",
    actionText: "Clean the list: suppress the addresses that hard-bounced",
    actionPath: "analytics",
  },
  deferral_rate: {
    noun: "The deferral rate",
    rule: "deferral_rate_change",
    actionText: "Open the reply codes on the analytics page to see which providers defer",
    actionPath: "analytics",
  },
};

export function rateChangeRules(data: ReportData): RuleResult[] {
  const out: RuleResult[] = [];
  for (const k of data.headline) {
    const w = WATCHED[k.id];
    if (!w || (k.trend !== "better" && k.trend !== "worse")) continue;
    const { current, previous } = k;
    if (current.state !== "ok" || previous?.state !== "ok" || k.delta === null || k.deltaDisplay === null) continue;
    const verb = current.value > previous.value ? "rose" : "fell";
    const facts = [
      { label: `${k.label}, ${previousNoun(data.cadence)}`, value: formatPercent(previous.value) },
      { label: `${k.label}, this period`, value: formatPercent(current.value) },
      { label: "Change", value: k.deltaDisplay },
      { label: "Attempts", value: formatCount(current.volume) },
    ];
    out.push({
      finding: finding(
        w.rule,
        k.trend === "worse" ? "warning" : "good",
        `${w.noun} ${verb} from ${formatPercent(previous.value)} to ${formatPercent(current.value)} (${k.deltaDisplay}) against ${previousNoun(data.cadence)}.`,
        facts,
        "analytics",
      ),
      weight: Math.abs(k.delta) * current.volume,
      action: k.trend === "worse" && w.actionText ? action(w.rule, w.actionText, w.actionPath) : null,
    });
  }
  return out;
}

/** A provider whose deferral rate at least doubled against the previous period with no listing to explain it. */
export function deferralSpikeRules(data: ReportData): RuleResult[] {
  const explained = providersExplainedByListings(data);
  const out: RuleResult[] = [];
  for (const p of data.providers) {
    if (explained.has(p.key)) continue;
    const { current: c, previous: b } = p;
    if (c.attempted < MIN_RATE_ATTEMPTS || b.attempted < MIN_RATE_ATTEMPTS || c.deferred < RISE_MIN_COUNT) continue;
    const now = c.deferred / c.attempted;
    const before = b.deferred / b.attempted;
    if (now - before < RISE_MIN_POINTS || (before > 0 && now / before < RISE_MIN_RATIO)) continue;
    const name = providerName(p.key);
    const rise = before > 0 ? `rose ${formatRatio(now / before)}` : `rose from none`;
    out.push({
      finding: finding(
        RULE_DEFERRAL_SPIKE,
        "warning",
        `${name} deferrals ${rise} against ${previousNoun(data.cadence)} (${formatPercent(before)} to ${formatPercent(now)}) with no blocklisting to explain it.`,
        [
          { label: "Provider", value: name },
          { label: `${name} deferrals, ${previousNoun(data.cadence)}`, value: formatPercent(before) },
          { label: `${name} deferrals, this period`, value: formatPercent(now) },
          ...(before > 0 ? [{ label: "Rise", value: formatRatio(now / before) }] : []),
          { label: `${name} deferred attempts`, value: formatCount(c.deferred) },
          { label: "Blocklistings explaining it", value: "0" },
        ],
        "analytics",
      ),
      weight: (now - before) * c.attempted,
      action: action(RULE_DEFERRAL_SPIKE, `Slow down sending to ${name} and read its deferral replies on the analytics page`, "analytics"),
    });
  }
  return out;
}
