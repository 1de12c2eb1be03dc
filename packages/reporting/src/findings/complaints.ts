/**
 * Complaint rates against the mailbox providers' published bulk-sender thresholds:
 * - Gmail: keep the user-reported spam rate under 0.1 %, never reach 0.3 % (Gmail Email sender guidelines, Feb 2024);
 * - Yahoo: the same 0.3 % ceiling and 0.1 % target (Yahoo Sender Best Practices, Feb 2024);
 * - Microsoft (Outlook.com): 0.3 % (Microsoft high-volume sender requirements, May 2025).
 * "near" is at or over the 0.1 % recommended rate; "over" at or over the limit. Every other provider, and
 * the all-providers row, is held to the 0.3 % the three agree on.
 */
import { type KpiValue, rateValue } from "@inboxwatch/analytics/kpi";

import { type ComplaintFigure } from "../figures.ts";
import { providerName } from "./common.ts";

/** The complaint KPI's minimum base: thresholds of a tenth of a percent mean nothing over less mail. */
export const COMPLAINT_MIN_DELIVERED = 1000;
/** Gmail's and Yahoo's recommended ceiling, used as "near" for every provider. */
export const COMPLAINT_RECOMMENDED = 0.001;

interface Threshold {
  limit: number;
  source: string;
}

export const COMPLAINT_THRESHOLDS: Record<string, Threshold> = {
  google: { limit: 0.003, source: "Gmail Email sender guidelines, Feb 2024" },
  yahoo: { limit: 0.003, source: "Yahoo Sender Best Practices, Feb 2024" },
  microsoft: { limit: 0.003, source: "Microsoft high-volume sender requirements, May 2025" },
};
const DEFAULT_THRESHOLD: Threshold = { limit: 0.003, source: "Gmail and Yahoo bulk-sender limit, Feb 2024" };

export interface ComplaintCount {
  /** Provider key, or null for all providers. */
  provider: string | null;
  complaints: number;
  /** Accepted messages: the complaint rate's denominator. */
  delivered: number;
}

export function statusOf(rate: KpiValue, limit: number): ComplaintFigure["status"] {
  if (rate.state === "no-data") return "no data";
  if (rate.state === "not-enough") return "not enough mail";
  if (rate.value >= limit) return "over";
  if (rate.value >= COMPLAINT_RECOMMENDED) return "near";
  return "ok";
}

/**
 * One row for all providers, then one per provider that publishes a threshold and got mail or complaints;
 * other providers only when they are near or over the common limit.
 */
export function complaintFigures(counts: readonly ComplaintCount[]): ComplaintFigure[] {
  const rows = counts.map((c): ComplaintFigure & { key: string | null } => {
    const t = (c.provider && COMPLAINT_THRESHOLDS[c.provider]) || DEFAULT_THRESHOLD;
    const rate = rateValue(c.complaints, c.delivered, COMPLAINT_MIN_DELIVERED);
    return {
      key: c.provider,
      provider: c.provider === null ? "All providers" : providerName(c.provider),
      complaints: c.complaints,
      delivered: c.delivered,
      rate,
      threshold: t.limit,
      thresholdSource: t.source,
      status: statusOf(rate, t.limit),
    };
  });
  const kept = rows.filter(
    (r) =>
      r.key === null ||
      (r.key in COMPLAINT_THRESHOLDS && (r.delivered > 0 || r.complaints > 0)) ||
      r.status === "near" ||
      r.status === "over",
  );
  kept.sort((a, b) => (a.key === null ? -1 : b.key === null ? 1 : b.delivered - a.delivered || a.provider.localeCompare(b.provider)));
  return kept.map(({ key: _key, ...figure }) => figure);
}
