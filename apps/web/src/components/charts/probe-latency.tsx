"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

export interface ProbeSeriesPoint {
  /** Epoch milliseconds of the bucket start. */
  t: number;
  avgLatencyMs: number | null;
  maxLatencyMs: number | null;
  uptimePercent: number | null;
}

const label = (ms: number, daily: boolean) =>
  new Date(ms)
    .toISOString()
    .slice(daily ? 5 : 5, daily ? 10 : 16)
    .replace("T", " ");

/** Mean and worst probe latency (left axis) over uptime % per bucket (bars, right axis). */
export function ProbeLatencyChart({ data, daily }: { data: ProbeSeriesPoint[]; daily: boolean }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(v: number) => label(v, daily)}
          fontSize={11}
          minTickGap={32}
        />
        <YAxis yAxisId="ms" fontSize={11} width={52} unit=" ms" />
        <YAxis yAxisId="up" orientation="right" fontSize={11} width={44} domain={[0, 100]} unit="%" />
        <Tooltip labelFormatter={(l) => label(Number(l), daily)} />
        <Legend />
        <Bar yAxisId="up" dataKey="uptimePercent" name="uptime %" fill={chartColors.ok.soft} isAnimationActive={false} />
        <Line
          yAxisId="ms"
          type="monotone"
          dataKey="avgLatencyMs"
          name="mean latency"
          stroke={chartColors.series[0]}
          dot={false}
          connectNulls
        />
        <Line
          yAxisId="ms"
          type="monotone"
          dataKey="maxLatencyMs"
          name="worst latency"
          stroke={chartColors.series[1]}
          dot={false}
          connectNulls
          strokeDasharray="4 3"
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
