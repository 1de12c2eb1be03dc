/**
 * The pure half of the cohort heat map: the sequential colour scale, what each cell says, the callout
 * sentence and the CSV rows. The page (page.tsx) only renders what these return.
 */
import { type CsvColumn } from "@inboxwatch/ui";

import { type RouterOutputs } from "~/trpc/react";

export type CohortsResult = RouterOutputs["analytics"]["cohorts"]["get"];
export type ReadyCohorts = Extract<CohortsResult, { state: "ready" }>;
export type CohortCell = ReadyCohorts["all"]["total"];

export const GROUPINGS = [
  { id: "source-provider", label: "Source × provider" },
  { id: "signup-month", label: "Signup month" },
] as const;
export const COLUMN_LAYOUTS = [
  { id: "weeks-since-signup", label: "Weeks since signup" },
  { id: "calendar-week", label: "Calendar weeks" },
] as const;
export const METRICS = [
  { id: "accepted", label: "Accepted rate" },
  { id: "inbox", label: "Inbox proxy" },
  { id: "click", label: "Engagement (clicks)" },
  { id: "conversion", label: "Conversion rate" },
] as const;
export type GroupingId = (typeof GROUPINGS)[number]["id"];
export type ColumnsId = (typeof COLUMN_LAYOUTS)[number]["id"];
export type MetricId = (typeof METRICS)[number]["id"];

/** Light to dark blue (Tailwind blue 50, 200, 400, 600, 900): one hue, so darker always means higher. */
const SCALE = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"] as const;

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The colour of position t in [0, 1] on the scale (linear between stops), and the text colour readable on it. */
export function heatColor(t: number): { background: string; text: string } {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(SCALE[i] ?? SCALE[0]);
  const b = hexToRgb(SCALE[i + 1] ?? SCALE[0]);
  const rgb = a.map((v, k) => Math.round(v + ((b[k] ?? v) - v) * f));
  // Whichever of white and black reads better; at the crossover both still reach 4.58:1 (slate-900 would not).
  return { background: `rgb(${rgb.join(", ")})`, text: contrastRatio(rgb, WHITE) >= contrastRatio(rgb, BLACK) ? "#ffffff" : "#000000" };
}

const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(rgb: readonly number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (the cells' small text needs 4.5:1, AA). */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** The CSS gradient of the legend. */
export const LEGEND_GRADIENT = `linear-gradient(to right, ${SCALE.join(", ")})`;

/** The range the colours span: the lowest and highest "ok" rate of the table (rows, not the all-cohorts row). */
export function rateDomain(data: ReadyCohorts): { min: number; max: number } | null {
  const values: number[] = [];
  for (const r of data.rows) {
    for (const c of Object.values(r.cells)) if (c.rate.state === "ok") values.push(c.rate.value);
  }
  if (values.length === 0) return null;
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Where a rate sits in the domain; a table whose rates are all equal sits in the middle of the scale. */
export function scalePosition(value: number, domain: { min: number; max: number }): number {
  return domain.max > domain.min ? (value - domain.min) / (domain.max - domain.min) : 0.5;
}

/** A rate's percentage digits: one decimal, more where one would round a small rate to 0 or a near-total one to 100. */
function percentDigits(v: number): string {
  const p = v * 100;
  const digits = p === 0 || p === 100 ? 0 : p < 0.1 || p > 99.9 ? 2 : 1;
  return p.toFixed(digits);
}
export const formatRate = (v: number) => `${percentDigits(v)} %`;
/** "3.6–4.7 %": an interval with one unit sign. */
export const formatInterval = (i: { low: number; high: number }) => `${percentDigits(i.low)}–${percentDigits(i.high)} %`;
export const formatCount = (n: number) => n.toLocaleString("en-US");

export type CellLook =
  | { kind: "rate"; text: string; n: string; title: string; t: number }
  | { kind: "not-enough"; n: string; title: string }
  | { kind: "no-data"; n: string | null; title: string };

/** What one cell shows: its rate and n, "not enough mail" with n, or nothing to show. */
export function cellLook(cell: CohortCell | undefined, domain: { min: number; max: number } | null, noun: string): CellLook {
  if (!cell) return { kind: "no-data", n: null, title: "No mail in this cell" };
  const n = `n = ${formatCount(cell.recipients)}`;
  const { rate, interval } = cell;
  if (rate.state === "ok") {
    const ci = interval ? ` (95 % CI ${formatInterval(interval)})` : "";
    return {
      kind: "rate",
      text: formatRate(rate.value),
      n,
      title: `${formatRate(rate.value)}${ci} over ${formatCount(rate.volume)} ${noun}; ${formatCount(cell.recipients)} recipients`,
      t: domain ? scalePosition(rate.value, domain) : 0.5,
    };
  }
  if (rate.state === "not-enough") {
    return {
      kind: "not-enough",
      n,
      title: `Not enough mail: ${formatCount(rate.volume)} of the ${formatCount(rate.minVolume)} ${noun} needed; ${formatCount(cell.recipients)} recipients`,
    };
  }
  return { kind: "no-data", n, title: "No data: nothing to divide by, or no source reported engagement" };
}

/** "Best acquisition cohort: google-ads × Gmail, 4.1 % conversion (95 % CI 3.6–4.7 %), n = 12,300". */
export function bestCohortSentence(data: ReadyCohorts): string | null {
  const b = data.best;
  if (!b) return null;
  const what = data.grouping === "source-provider" ? "Best acquisition cohort" : "Best signup cohort";
  const metric = METRIC_NOUN[data.metric.id];
  return `${what}: ${b.label}, ${formatRate(b.rate)} ${metric} (95 % CI ${formatInterval(b.interval)}), n = ${formatCount(b.recipients)}`;
}

const METRIC_NOUN: Record<MetricId, string> = {
  accepted: "accepted",
  inbox: "inbox proxy",
  click: "clicked",
  conversion: "conversion",
};

export interface CsvRow {
  cohort: string;
  column: string;
  cell: CohortCell;
}

/** One line per cohort × column (and each cohort's total): the counts behind every cell, not only the colour. */
export function csvRows(data: ReadyCohorts): CsvRow[] {
  const out: CsvRow[] = [];
  const rows = [...data.rows.map((r) => ({ label: r.label, total: r.total, cells: r.cells })), { label: "All cohorts", ...data.all }];
  for (const r of rows) {
    for (const c of data.columnKeys) {
      const cell = r.cells[c.key];
      if (cell) out.push({ cohort: r.label, column: c.label, cell });
    }
    out.push({ cohort: r.label, column: "Total", cell: r.total });
  }
  return out;
}

export function csvColumns(data: ReadyCohorts): CsvColumn<CsvRow>[] {
  const currencies = [...new Set(csvRows(data).flatMap((r) => Object.keys(r.cell.value)))].sort();
  return [
    { header: "Cohort", csv: (r) => r.cohort },
    { header: data.columns === "calendar-week" ? "Week" : "Weeks since signup", csv: (r) => r.column },
    { header: "Recipients", csv: (r) => r.cell.recipients },
    { header: `${data.metric.label}`, csv: (r) => (r.cell.rate.state === "ok" ? r.cell.rate.value : null) },
    { header: "State", csv: (r) => r.cell.rate.state },
    { header: `Volume (${data.metric.volumeNoun})`, csv: (r) => (r.cell.rate.state === "no-data" ? 0 : r.cell.rate.volume) },
    { header: "CI low", csv: (r) => r.cell.interval?.low ?? null },
    { header: "CI high", csv: (r) => r.cell.interval?.high ?? null },
    ...currencies.map((cur) => ({ header: `Conversion value ${cur}`, csv: (r: CsvRow) => r.cell.value[cur] ?? null })),
  ];
}

/** "3 min ago", "2 h ago", "5 d ago" — for the last-refreshed line. */
export function timeAgo(at: Date, now: Date = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
