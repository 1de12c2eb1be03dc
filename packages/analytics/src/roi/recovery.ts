import { figure, type Figure } from "./figure.ts";

export interface SeriesPoint {
  /** Start of the bucket (day or hour), epoch milliseconds. */
  at: number;
  attempted: number;
  /** The metric in [0, 1] (accepted rate, inbox proxy), null when the bucket had too little mail. */
  value: number | null;
}

export interface RecoveryCycle {
  startedAt: number;
  /** The first bucket back within tolerance of the baseline; null while still recovering. */
  recoveredAt: number | null;
  durationHours: number | null;
  /** Σ (baseline − value) × attempted over the buckets of the cycle: messages the dent cost. */
  lostMessages: number;
  cost: Figure;
}

/**
 * A reputation recovery cycle: from the start of an incident or a blocklisting to the first bucket
 * where the metric is back within `tolerance` of its baseline. Buckets without a value (not enough
 * mail) neither end the cycle nor add to the loss.
 */
export function recoveryCycle(
  series: readonly SeriesPoint[],
  startedAt: number,
  baseline: number,
  tolerance: number,
  valuePerMessage: number | null,
  currency: string,
): RecoveryCycle {
  let lost = 0;
  let recoveredAt: number | null = null;
  for (const point of series) {
    if (point.at < startedAt || point.value === null) continue;
    if (point.value >= baseline - tolerance) {
      recoveredAt = point.at;
      break;
    }
    lost += (baseline - point.value) * point.attempted;
  }
  const cost = figure(
    "Cost of the recovery cycle",
    currency,
    "Σ over the cycle of (baseline rate − rate) × attempts, × value per message",
    [
      { label: "Messages lost to the dent", value: lost, unit: "messages" },
      { label: "Value per message", value: valuePerMessage ?? Number.NaN, unit: currency },
    ],
    () => lost * (valuePerMessage ?? 0),
  );
  return {
    startedAt,
    recoveredAt,
    durationHours: recoveredAt === null ? null : (recoveredAt - startedAt) / 3_600_000,
    lostMessages: lost,
    cost,
  };
}
