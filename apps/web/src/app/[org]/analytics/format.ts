import { type RouterOutputs } from "~/trpc/react";

export type AnalyticsOverview = RouterOutputs["analytics"]["overview"];
export type KpiFigure = AnalyticsOverview["kpis"][number];
export type KpiValue = KpiFigure["current"];

/** A KPI value in its unit: "97.4 %", "3.2 s", "41". */
export function formatNumber(value: number, unit: string): string {
  if (unit === "fraction") {
    // Small rates keep their digits: a 0.012 % complaint rate is not "0 %".
    const digits = value === 0 || value === 1 ? 0 : value < 0.001 ? 3 : value < 0.1 || value > 0.999 ? 2 : 1;
    return `${(value * 100).toFixed(digits)} %`;
  }
  if (unit === "seconds")
    return value < 90 ? `${value.toFixed(1)} s` : value < 5400 ? `${Math.round(value / 60)} min` : `${(value / 3600).toFixed(1)} h`;
  return Math.round(value).toLocaleString("en-US");
}

/** What a tile or a cell says: the figure, or why there is none (never a misleading 100 %). */
export function formatKpi(value: KpiValue, unit: string, volumeNoun = "messages"): string {
  if (value.state === "ok") return formatNumber(value.value, unit);
  if (value.state === "not-enough") return `Not enough ${volumeNoun === "messages" ? "mail" : volumeNoun}`;
  return "No data";
}

export function volumeHint(value: KpiValue): string | null {
  if (value.state === "not-enough")
    return `${value.volume.toLocaleString("en-US")} of the ${value.minVolume.toLocaleString("en-US")} needed`;
  if (value.state === "ok") return `over ${value.volume.toLocaleString("en-US")}`;
  return null;
}

/** "+1.2 pts" / "−0.4 s", and whether the change is good news for this KPI. */
export function formatDelta(
  delta: number | null,
  unit: string,
  better: "higher" | "lower",
): { text: string; tone: "good" | "bad" | "flat" } | null {
  if (delta === null) return null;
  const size = unit === "fraction" ? Math.abs(delta * 100) : Math.abs(delta);
  if (size < (unit === "fraction" ? 0.05 : 0.5)) return { text: "no change", tone: "flat" };
  const sign = delta > 0 ? "+" : "−";
  const text = unit === "fraction" ? `${sign}${size.toFixed(1)} pts` : `${sign}${formatNumber(size, unit)}`;
  return { text, tone: delta > 0 === (better === "higher") ? "good" : "bad" };
}
