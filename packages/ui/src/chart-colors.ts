/**
 * The one colour scheme of every chart: a series palette for things with no meaning of their own
 * (mean vs worst latency, policy types), semantic colours for outcomes (ok, warn, bad, unknown) as a
 * strong stroke and a light fill, and the grid. Tailwind's palette values, so charts match the pills.
 */
export const chartColors = {
  /** Series in order: indigo, amber, cyan, violet, pink, lime (distinct for the common colour-blindnesses in pairs). */
  series: ["#6366f1", "#f59e0b", "#0891b2", "#8b5cf6", "#db2777", "#65a30d"],
  ok: { stroke: "#16a34a", fill: "#86efac", soft: "#a7f3d0" },
  warn: { stroke: "#d97706", fill: "#fcd34d" },
  bad: { stroke: "#dc2626", fill: "#fca5a5", dark: "#b91c1c" },
  info: { stroke: "#2563eb", fill: "#93c5fd" },
  unknown: { stroke: "#64748b", fill: "#cbd5e1" },
  /** A value that stands out from the rest: a threshold, a rate line. */
  accent: "#2563eb",
  /** Complaints and other bad-but-not-failure counts. */
  attention: "#f97316",
  grid: "#e2e8f0",
} as const;

/** The n-th series colour, cycling. */
export function seriesColor(index: number): string {
  const palette = chartColors.series;
  return palette[((index % palette.length) + palette.length) % palette.length] ?? palette[0];
}
