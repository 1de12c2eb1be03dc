import { cn } from "./cn.ts";
import { SPARK_PAD_PX as PAD_PX, sparklineGeometry, type SparkValue } from "./sparkline-geometry.ts";

export { sparklineGeometry, type SparkGeometry, type SparkValue } from "./sparkline-geometry.ts";

const TONES = {
  brand: "text-brand-600",
  green: "text-emerald-600",
  amber: "text-amber-600",
  red: "text-red-600",
  slate: "text-slate-500",
} as const;

/**
 * A small inline SVG trend line. `label` is what a screen reader hears (role="img"): say the figures
 * ("Latency, last 24 h: 120 to 340 ms, last 180 ms"); with no value at all the label is followed by
 * "no data yet" and a dashed baseline is drawn.
 */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
  tone = "brand",
  min,
  max,
  className,
}: {
  values: readonly SparkValue[];
  label: string;
  width?: number;
  height?: number;
  tone?: keyof typeof TONES;
  min?: number;
  max?: number;
  className?: string;
}) {
  const g = sparklineGeometry(values, width, height, { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
  const empty = g.count === 0;
  const aria = empty ? `${label}: no data yet` : label;
  return (
    <svg
      role="img"
      aria-label={aria}
      data-sparkline={empty ? "empty" : "data"}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={cn("inline-block shrink-0 align-middle", empty ? "text-slate-300" : TONES[tone], className)}
    >
      <title>{aria}</title>
      {empty ? (
        <line x1={PAD_PX} x2={width - PAD_PX} y1={height / 2} y2={height / 2} stroke="currentColor" strokeWidth={1} strokeDasharray="3 3" />
      ) : null}
      {g.path ? <path d={g.path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" /> : null}
      {g.dots.map((d, i) => (
        <circle key={i} cx={d.x} cy={d.y} r={1.75} fill="currentColor" />
      ))}
    </svg>
  );
}
