/**
 * What a KPI says for one period and one segment. A rate over too little mail is not a rate: it is
 * "not enough mail" with the volume that was seen, so the UI never shows a misleading 100 % over three
 * messages. "no-data" is a source that did not report at all (no DMARC reports, no probes), which is not
 * the same as zero.
 */
export type KpiValue =
  { state: "ok"; value: number; volume: number } | { state: "not-enough"; volume: number; minVolume: number } | { state: "no-data" };

export const NO_DATA: KpiValue = { state: "no-data" };

/**
 * `part / whole` as a fraction in [0, 1] with the catalogue's minimum-volume rule. A `part` above
 * `whole` (late events counted in one and not yet in the other) is clamped rather than shown as 104 %.
 */
export function rateValue(part: number, whole: number, minVolume: number): KpiValue {
  if (!Number.isFinite(whole) || whole <= 0) return NO_DATA;
  if (whole < minVolume) return { state: "not-enough", volume: whole, minVolume };
  const value = Math.min(1, Math.max(0, (Number.isFinite(part) ? part : 0) / whole));
  return { state: "ok", value, volume: whole };
}

/** A measured quantity (latency, depth) over `volume` samples, with the same minimum-volume rule. */
export function measuredValue(value: number | null, volume: number, minVolume: number): KpiValue {
  if (value === null || !Number.isFinite(value) || volume <= 0) return NO_DATA;
  if (volume < minVolume) return { state: "not-enough", volume, minVolume };
  return { state: "ok", value, volume };
}

/** The change from `previous` to `current` in the KPI's unit (percentage points for rates); null when either side is not a figure. */
export function deltaOf(current: KpiValue, previous: KpiValue): number | null {
  if (current.state !== "ok" || previous.state !== "ok") return null;
  return current.value - previous.value;
}
