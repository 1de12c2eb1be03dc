/**
 * How a report writes its numbers: one formatter per kind of figure, shared by the figure builder (which
 * freezes display strings into ReportFigures) and the renderers, so "98.2 %" is spelt the same in the
 * email, the PDF and the chat summary. English, en-GB digit grouping, a narrow space before units, and the
 * true minus sign (U+2212) in deltas. Kept small and stable: other packages import it.
 */
import { type KpiValue } from "@inboxwatch/analytics/kpi";

const MINUS = "\u2212";
const grouping = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  // Math.round(-0.3) is −0, which Intl prints as "-0".
  return grouping.format(Math.round(n) || 0);
}

/** A fraction as a percentage: 0.98234 → "98.2 %". Small rates keep two decimals (0.0012 → "0.12 %") so thresholds stay visible. */
export function formatPercent(fraction: number, digits?: number): string {
  const pct = fraction * 100;
  const d = digits ?? (Math.abs(pct) < 1 && pct !== 0 ? 2 : 1);
  return `${pct.toFixed(d)} %`;
}

function signed(text: string, negative: boolean, zero: boolean): string {
  if (zero) return `±${text}`;
  return `${negative ? MINUS : "+"}${text}`;
}

/** A difference of fractions in percentage points: 0.004 → "+0.4 pt", −0.031 → "−3.1 pt". */
export function formatPointDelta(deltaFraction: number): string {
  const pts = deltaFraction * 100;
  const d = Math.abs(pts) < 0.1 && pts !== 0 ? 2 : 1;
  const text = Math.abs(pts).toFixed(d);
  return `${signed(text, pts < 0, Number(text) === 0)} pt`;
}

/** Milliseconds: 842 → "842 ms", 12345 → "12.3 s", 125000 → "2.1 min". */
export function formatMs(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (a < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A ratio of two rates: 4.04 → "4.0×". */
export function formatRatio(r: number): string {
  return `${r.toFixed(1)}×`;
}

/** An amount in a currency: (1234.5, "EUR") → "€1,234.50"; negative amounts keep their sign. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, maximumFractionDigits: 2 }).format(amount || 0);
}

/** A KPI unit of the catalogue ("fraction", "seconds", "messages"); any other unit is written as a count. */
export type KpiUnitLike = string;

/** A KPI's value in its unit, without the state handling. */
export function formatKpiNumber(value: number, unit: KpiUnitLike): string {
  if (unit === "fraction") return formatPercent(value);
  if (unit === "seconds") return formatMs(value * 1000);
  return formatCount(value);
}

/** "98.2 %", "not enough mail (37 of 100)" (probes for uptime), "no data". */
export function display(value: KpiValue, unit: KpiUnitLike, volumeNoun: "mail" | "probes" = "mail"): string {
  if (value.state === "ok") return formatKpiNumber(value.value, unit);
  if (value.state === "not-enough") return `not enough ${volumeNoun} (${formatCount(value.volume)} of ${formatCount(value.minVolume)})`;
  return "no data";
}

/** The change in the KPI's unit: "+0.4 pt" for rates, "−1.2 s" for latencies, "+12" for counts; null without a delta. */
export function deltaDisplay(delta: number | null, unit: KpiUnitLike): string | null {
  if (delta === null || !Number.isFinite(delta)) return null;
  if (unit === "fraction") return formatPointDelta(delta);
  const text = unit === "seconds" ? formatMs(Math.abs(delta) * 1000) : formatCount(Math.abs(delta));
  return signed(text, delta < 0, delta === 0);
}

/** z of a two-sided 95 % band. */
const Z95 = 1.96;
/** Latencies and counts move by this share of the previous value before a change is news. */
export const NOISE_RELATIVE_BAND = 0.1;
/** Rates move by at least this (0.1 point) before a change is news, however much mail there was. */
export const NOISE_MIN_POINTS = 0.001;

/**
 * How far a KPI may move between two periods by chance alone. Rates: the 95 % band of the difference of
 * two proportions, √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂) × 1.96, at least NOISE_MIN_POINTS; other units:
 * NOISE_RELATIVE_BAND of the previous value.
 */
export function noiseBand(current: KpiValue, previous: KpiValue, unit: KpiUnitLike): number | null {
  if (current.state !== "ok" || previous.state !== "ok") return null;
  if (unit !== "fraction") return Math.abs(previous.value) * NOISE_RELATIVE_BAND;
  const v = (p: number, n: number) => (n > 0 ? (p * (1 - p)) / n : 0);
  return Math.max(NOISE_MIN_POINTS, Z95 * Math.sqrt(v(current.value, current.volume) + v(previous.value, previous.volume)));
}

/** Good news, bad news or neither: a change inside the noise band is "flat"; no comparable figures, "unknown". */
export function trend(
  current: KpiValue,
  previous: KpiValue | null,
  unit: KpiUnitLike,
  better: "higher" | "lower",
): "better" | "worse" | "flat" | "unknown" {
  if (!previous) return "unknown";
  const band = noiseBand(current, previous, unit);
  if (band === null || current.state !== "ok" || previous.state !== "ok") return "unknown";
  const delta = current.value - previous.value;
  if (Math.abs(delta) <= band) return "flat";
  return delta > 0 === (better === "higher") ? "better" : "worse";
}

/** English weekday of an instant in a time zone: "Tuesday". */
export function weekdayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone }).format(at);
}

/** Date and time of an instant in a time zone: "Tue 1 Dec 2026, 09:14". */
export function dateTimeIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(at);
}
