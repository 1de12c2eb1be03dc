/** The pure part of the sparkline: where the line and dots go. No React, so it is unit-tested as is. */
/** A missing point (no probe that hour, no check that day) is a gap in the line, never a zero. */
export type SparkValue = number | null;

export interface SparkGeometry {
  /** SVG path data, one `M…L…` run per stretch of consecutive points. */
  path: string;
  /** Points standing alone between gaps (and the last point), drawn as dots so one value still shows. */
  dots: { x: number; y: number }[];
  /** How many points carry a value. */
  count: number;
}

/** Inset so the stroke and dots are not clipped at the edges (px). */
export const SPARK_PAD_PX = 2;
const PAD_PX = SPARK_PAD_PX;

/**
 * Lays `values` out over `width` × `height`: x evenly by index, y scaled between the smallest and largest
 * value (or the given `min`/`max`), larger values higher. A flat series sits in the middle.
 */
export function sparklineGeometry(
  values: readonly SparkValue[],
  width: number,
  height: number,
  bounds: { min?: number; max?: number } = {},
): SparkGeometry {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return { path: "", dots: [], count: 0 };
  const lo = bounds.min ?? Math.min(...present);
  const hi = bounds.max ?? Math.max(...present);
  const span = hi - lo;
  const x = (i: number) => (values.length === 1 ? width / 2 : PAD_PX + (i * (width - 2 * PAD_PX)) / (values.length - 1));
  const y = (v: number) => (span === 0 ? height / 2 : PAD_PX + (1 - (v - lo) / span) * (height - 2 * PAD_PX));
  const r = (n: number) => Math.round(n * 10) / 10;
  let path = "";
  const dots: { x: number; y: number }[] = [];
  let run: { x: number; y: number }[] = [];
  const flush = () => {
    if (run.length === 1 && run[0]) dots.push(run[0]);
    else if (run.length > 1) path += run.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" ") + " ";
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) flush();
    else run.push({ x: r(x(i)), y: r(y(v)) });
  });
  flush();
  // The latest value is what a reader looks for first: always mark it.
  let lastIndex = values.length - 1;
  while (lastIndex >= 0 && !Number.isFinite(values[lastIndex] ?? Number.NaN)) lastIndex -= 1;
  const last = values[lastIndex];
  if (last !== null && last !== undefined) {
    const dot = { x: r(x(lastIndex)), y: r(y(last)) };
    if (!dots.some((d) => d.x === dot.x && d.y === dot.y)) dots.push(dot);
  }
  return { path: path.trim(), dots, count: present.length };
}
