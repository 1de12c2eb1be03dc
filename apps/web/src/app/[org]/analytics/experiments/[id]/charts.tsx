"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { ChartFrame, chartColors, seriesColor } from "@inboxwatch/ui";

import { formatCount, formatPoints, formatRate } from "../format";
import { type ExperimentResultView } from "./types";

const pct = (v: number) => Math.round(v * 10_000) / 100;
/** Axis ticks: at most one decimal, so "4.75 %" never wraps. */
const tick = (v: number) => `${Number(v.toFixed(1))} %`;

/** Each variant's rate as a bar, its confidence interval as the error bar. */
export function RateChart({ view, metricLabel }: { view: ExperimentResultView; metricLabel: string }) {
  const data = view.variants.map((v, i) => ({
    name: v.label,
    rate: v.rate === null ? null : pct(v.rate),
    error: v.rate !== null && v.interval ? [pct(v.rate - v.interval.low), pct(v.interval.high - v.rate)] : [0, 0],
    fill: seriesColor(i),
    trials: v.trials,
  }));
  const drawable = data.some((d) => d.rate !== null);
  const description = view.variants
    .map(
      (v) => `${v.label}: ${formatRate(v.rate)}${v.interval ? ` (${formatRate(v.interval.low)} to ${formatRate(v.interval.high)})` : ""}`,
    )
    .join("; ");
  return (
    <ChartFrame
      title={`${metricLabel[0]?.toUpperCase()}${metricLabel.slice(1)} per variant, with its ${Number((view.confidence * 100).toFixed(1))} % interval`}
      description={description}
      empty={!drawable}
      emptyText="No messages of the experiment yet."
      height={260}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} vertical={false} />
          <XAxis dataKey="name" fontSize={12} />
          <YAxis fontSize={11} width={52} tickFormatter={tick} domain={[0, "auto"]} />
          <Tooltip
            formatter={(value, _name, item) => {
              const p = item.payload as (typeof data)[number];
              return [`${String(value)} % (n = ${formatCount(p.trials)})`, metricLabel];
            }}
          />
          <Bar dataKey="rate" name={metricLabel} maxBarSize={72} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.fill} fillOpacity={0.75} />
            ))}
            <ErrorBar dataKey="error" width={10} strokeWidth={2} stroke="#0f172a" direction="y" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** The running rate of each variant by day: how the estimate settled as mail arrived. */
export function CumulativeChart({ view, metricLabel }: { view: ExperimentResultView; metricLabel: string }) {
  const days = view.variants[0]?.series.map((p) => p.day) ?? [];
  const data = days.map((day, i) => {
    const row: Record<string, string | number | null> = { day };
    for (const v of view.variants) {
      const p = v.series[i];
      row[v.key] = p && p.rate !== null && p.trials > 0 ? pct(p.rate) : null;
    }
    return row;
  });
  const points = data.filter((r) => view.variants.some((v) => r[v.key] !== null)).length;
  // Ticks with the decimals the span needs (two lines 0.1 point apart stay apart), on recharts' nice domain.
  const values = data.flatMap((r) => view.variants.map((v) => r[v.key])).filter((x): x is number => typeof x === "number");
  const decimals = values.length && Math.max(...values) - Math.min(...values) < 2 ? 2 : 1;
  return (
    <ChartFrame
      title={`Cumulative ${metricLabel} by day`}
      description={`The running ${metricLabel} of each variant over ${days.length} days.`}
      empty={points < 2}
      emptyText="The running rate shows once the experiment has mail on two days or more."
      height={260}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} minTickGap={24} />
          <YAxis fontSize={11} width={60} tickFormatter={(v: number) => `${v.toFixed(decimals)} %`} domain={["auto", "auto"]} />
          <Tooltip formatter={(value) => (value === null ? "no data" : `${String(value)} %`)} />
          <Legend />
          {view.variants.map((v, i) => (
            <Line
              key={v.key}
              dataKey={v.key}
              name={v.label}
              stroke={seriesColor(i)}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/**
 * Each variant's difference from the control with its interval, on one axis through zero (a forest
 * plot): an interval clear of zero is a real difference.
 */
export function DifferencePlot({ view }: { view: ExperimentResultView }) {
  const rows = view.comparisons.map((c) => ({ c, label: view.variants.find((v) => v.key === c.variant)?.label ?? c.variant }));
  const bounds = rows.flatMap(({ c }) => (c.interval ? [Math.abs(c.interval.low), Math.abs(c.interval.high)] : []));
  if (rows.length === 0 || bounds.length === 0) return null;
  const span = Math.max(...bounds, 0.001) * 1.15;
  const x = (d: number) => `${50 + (d / span) * 50}%`;
  const good = (d: number) => (view.better === "higher" ? d > 0 : d < 0);
  return (
    <figure className="m-0" aria-label="Difference from the control">
      <figcaption className="mb-3 text-sm font-semibold text-slate-900">Difference from the control</figcaption>
      <div className="space-y-4">
        {rows.map(({ c, label }) => {
          const tone = !c.significant
            ? chartColors.unknown.stroke
            : good(c.difference ?? 0)
              ? chartColors.ok.stroke
              : chartColors.bad.stroke;
          return (
            <div key={c.variant}>
              <div className="flex items-baseline justify-between gap-3 text-sm">
                <span className="truncate font-medium text-slate-700" title={label}>
                  {label}
                </span>
                <span className="shrink-0 tabular-nums text-slate-800">
                  <strong className="font-semibold">{formatPoints(c.difference)}</strong>
                  {c.interval ? (
                    <span className="ml-2 text-xs text-slate-500">
                      {formatPoints(c.interval.low)} to {formatPoints(c.interval.high)}
                    </span>
                  ) : null}
                </span>
              </div>
              <div className="relative mt-1 h-5 rounded bg-slate-50" aria-hidden="true">
                <div className="absolute inset-y-0 w-px bg-slate-400" style={{ left: "50%" }} />
                {c.interval ? (
                  <div
                    className="absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full"
                    style={{ left: x(c.interval.low), width: `${((c.interval.high - c.interval.low) / span) * 50}%`, background: tone }}
                  />
                ) : null}
                {c.difference !== null ? (
                  <div
                    className="absolute top-1/2 size-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white"
                    style={{ left: x(c.difference), background: tone }}
                  />
                ) : null}
              </div>
            </div>
          );
        })}
        <div className="flex justify-between text-xs text-slate-500">
          <span>{formatPoints(-span)}</span>
          <span>0 (control)</span>
          <span>{formatPoints(span)}</span>
        </div>
        <p className="text-xs text-slate-500">
          The dot is the observed difference, the bar its interval; a bar clear of the zero line is a real difference
          {view.better === "lower" ? " (left of it is better here)" : ""}.
        </p>
      </div>
    </figure>
  );
}
