/**
 * The report's charts as SVG strings: a sparkline, a horizontal bar chart and a 100 % stacked bar. Pure
 * functions with no chart library, so the web page, the PDF (Chromium prints SVG as vectors) and the
 * tests see the same markup. Every chart is `role="img"` with a `<title>` and an `aria-label` stating
 * the figures it draws, so a screen reader, a text extraction or a test reads the numbers, not a picture.
 *
 * Callers pass display strings already formatted; these functions only place shapes.
 */
import { COLORS, FONT_STACK } from "./format.ts";

/** Charts carry at most this many points or bars: beyond it a sparkline is a smear and a bar list a table. */
export const SVG_MAX_POINTS = 400;
export const SVG_MAX_BARS = 24;

/** Text for SVG content and attribute values (both quote styles). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Coordinates with two decimals: enough for print, short enough to keep the markup small. */
function n(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function svgOpen(width: number, height: number, label: string, extra = ""): string {
  const l = escapeXml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" ` +
    `role="img" aria-label="${l}"${extra}><title>${l}</title>`
  );
}

export interface SparklineOptions {
  /** What is drawn ("Accepted rate by day"); the figures are appended to it for the accessible label. */
  label: string;
  /** Formats one value for the accessible label ("98.2 %"). */
  format: (value: number) => string;
  /** Labels of the points ("Mon 30"), same length as the values; "day N" when absent. */
  pointLabels?: readonly string[];
  width?: number;
  height?: number;
  color?: string;
}

/**
 * A line over the values, broken where a value is null (a day with no figure is a gap, never a zero), the
 * last figure marked with a dot. The y axis spans the values' own range (a sparkline shows shape, the
 * card beside it shows the level); a flat series sits in the middle.
 */
export function sparklineSvg(values: readonly (number | null)[], options: SparklineOptions): string {
  const width = options.width ?? 120;
  const height = options.height ?? 32;
  const color = options.color ?? COLORS.accent;
  const pts = values.slice(0, SVG_MAX_POINTS);
  const described = pts.map((v, i) => `${options.pointLabels?.[i] ?? `day ${i + 1}`} ${v === null ? "no figure" : options.format(v)}`);
  const label = `${options.label}: ${described.length ? described.join(", ") : "no figures"}`;
  const finite = pts.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) {
    return `${svgOpen(width, height, label)}<line x1="0" y1="${n(height / 2)}" x2="${n(width)}" y2="${n(height / 2)}" stroke="${COLORS.rule}" stroke-dasharray="2 3"/></svg>`;
  }
  const pad = 3;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const x = (i: number): number => (pts.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (pts.length - 1));
  const y = (v: number): number => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / (max - min));

  // Runs of consecutive figures become one path each; a lone figure between gaps is a small dot.
  const runs: { i: number; v: number }[][] = [];
  let current: { i: number; v: number }[] = [];
  pts.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length) runs.push(current);
      current = [];
    } else current.push({ i, v });
  });
  if (current.length) runs.push(current);

  const shapes = runs.map((run) => {
    if (run.length === 1) {
      const [p] = run;
      return p ? `<circle cx="${n(x(p.i))}" cy="${n(y(p.v))}" r="1.5" fill="${color}"/>` : "";
    }
    const d = run.map((p, k) => `${k === 0 ? "M" : "L"}${n(x(p.i))} ${n(y(p.v))}`).join(" ");
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"/>`;
  });
  const lastRun = runs.at(-1);
  const last = lastRun?.at(-1);
  const marker = last
    ? `<circle cx="${n(x(last.i))}" cy="${n(y(last.v))}" r="2.6" fill="${color}" stroke="#ffffff" stroke-width="1"/>`
    : "";
  return `${svgOpen(width, height, label)}${shapes.join("")}${marker}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
  /** The value as printed at the end of the bar and in the accessible label ("4.1 %"). */
  display: string;
  /** An earlier value drawn as a thin tick (previous period), with its display text. */
  previous?: { value: number; display: string } | null;
  color?: string;
}

export interface BarChartOptions {
  title: string;
  width?: number;
  /** Height of one bar row. */
  rowHeight?: number;
  labelWidth?: number;
  /** The value the full bar length stands for; defaults to the largest value drawn. */
  max?: number;
  color?: string;
  /** Text after a previous value in the accessible label ("previous period"). */
  previousLabel?: string;
}

/** Horizontal bars with the label on the left and the value on the right; readable at A4 width and in a narrow column. */
export function barChartSvg(bars: readonly Bar[], options: BarChartOptions): string {
  const rows = bars.slice(0, SVG_MAX_BARS);
  const width = options.width ?? 520;
  const rowHeight = options.rowHeight ?? 22;
  const labelWidth = options.labelWidth ?? 130;
  const valueWidth = 64;
  const height = Math.max(rowHeight, rows.length * rowHeight) + 4;
  const color = options.color ?? COLORS.accent;
  const prevLabel = options.previousLabel ?? "previous";
  const described = rows.map((b) => `${b.label} ${b.display}${b.previous ? ` (${prevLabel} ${b.previous.display})` : ""}`);
  const label = `${options.title}: ${described.length ? described.join(", ") : "no figures"}`;
  const max = options.max ?? Math.max(0, ...rows.flatMap((b) => [b.value, b.previous?.value ?? 0]));
  const track = width - labelWidth - valueWidth;
  const len = (v: number): number => (max > 0 ? Math.max(0, Math.min(1, v / max)) * track : 0);
  const body = rows.map((b, i) => {
    const top = 2 + i * rowHeight;
    const mid = top + rowHeight / 2;
    const barH = Math.min(12, rowHeight - 8);
    const prev = b.previous
      ? `<line x1="${n(labelWidth + len(b.previous.value))}" y1="${n(mid - barH / 2 - 2)}" x2="${n(labelWidth + len(b.previous.value))}" y2="${n(mid + barH / 2 + 2)}" stroke="${COLORS.ink}" stroke-width="1.5"/>`
      : "";
    return (
      `<text x="${n(labelWidth - 8)}" y="${n(mid)}" text-anchor="end" dominant-baseline="central" fill="${COLORS.text}">${escapeXml(b.label)}</text>` +
      `<rect x="${n(labelWidth)}" y="${n(mid - barH / 2)}" width="${n(track)}" height="${n(barH)}" rx="2" fill="${COLORS.panelStrong}"/>` +
      `<rect x="${n(labelWidth)}" y="${n(mid - barH / 2)}" width="${n(len(b.value))}" height="${n(barH)}" rx="2" fill="${b.color ?? color}"/>` +
      prev +
      `<text x="${n(width - valueWidth + 8)}" y="${n(mid)}" dominant-baseline="central" fill="${COLORS.ink}" font-weight="600">${escapeXml(b.display)}</text>`
    );
  });
  return `${svgOpen(width, height, label, ` font-family="${escapeXml(FONT_STACK)}" font-size="11"`)}${body.join("")}</svg>`;
}

export interface Segment {
  label: string;
  value: number;
  /** Printed in the legend and the accessible label ("Gmail 41 %"). */
  display: string;
  color?: string;
}

/** Segment colours: indigo shades first, then slate, so the palette stays restrained for any count. */
export const SEGMENT_COLORS = ["#4f46e5", "#818cf8", "#c7d2fe", "#334155", "#94a3b8", "#cbd5e1", "#6366f1", "#e2e8f0"] as const;

/** One 100 % bar split into shares, with a legend below (label and display text per segment). */
export function stackedBarSvg(segments: readonly Segment[], options: { title: string; width?: number; barHeight?: number }): string {
  const segs = segments.slice(0, SVG_MAX_BARS).filter((s) => Number.isFinite(s.value) && s.value > 0);
  const width = options.width ?? 520;
  const barHeight = options.barHeight ?? 14;
  const legendRow = 18;
  const perRow = 3;
  const legendRows = Math.ceil(segs.length / perRow);
  const height = barHeight + 8 + legendRows * legendRow;
  const label = `${options.title}: ${segs.length ? segs.map((s) => `${s.label} ${s.display}`).join(", ") : "no figures"}`;
  const total = segs.reduce((s, x) => s + x.value, 0);
  let at = 0;
  const rects = segs.map((s, i) => {
    const w = total > 0 ? (s.value / total) * width : 0;
    const r = `<rect x="${n(at)}" y="0" width="${n(Math.max(0, w - (i < segs.length - 1 ? 1 : 0)))}" height="${n(barHeight)}" fill="${s.color ?? SEGMENT_COLORS[i % SEGMENT_COLORS.length] ?? COLORS.accent}"/>`;
    at += w;
    return r;
  });
  const colWidth = width / perRow;
  const legend = segs.map((s, i) => {
    const lx = (i % perRow) * colWidth;
    const ly = barHeight + 8 + Math.floor(i / perRow) * legendRow + legendRow / 2;
    return (
      `<rect x="${n(lx)}" y="${n(ly - 5)}" width="10" height="10" rx="2" fill="${s.color ?? SEGMENT_COLORS[i % SEGMENT_COLORS.length] ?? COLORS.accent}"/>` +
      `<text x="${n(lx + 15)}" y="${n(ly)}" dominant-baseline="central" fill="${COLORS.text}">${escapeXml(s.label)} <tspan fill="${COLORS.ink}" font-weight="600">${escapeXml(s.display)}</tspan></text>`
    );
  });
  const empty = segs.length ? "" : `<rect x="0" y="0" width="${n(width)}" height="${n(barHeight)}" fill="${COLORS.panelStrong}"/>`;
  return `${svgOpen(width, height, label, ` font-family="${escapeXml(FONT_STACK)}" font-size="11"`)}${empty}${rects.join("")}${legend.join("")}</svg>`;
}
