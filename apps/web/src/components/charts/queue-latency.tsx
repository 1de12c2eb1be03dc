"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

export interface QueueLatencyPoint {
  /** Epoch milliseconds. */
  t: number;
  queued?: number;
  latency?: number | null;
}

const label = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace("T", " ");

/**
 * Queue depth (left axis) and mean delivery latency (right axis) on one time axis: latency rising with
 * the queue is internal congestion; latency rising with a flat queue is the receivers throttling.
 */
export function QueueLatencyChart({ data }: { data: QueueLatencyPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={label} fontSize={11} minTickGap={32} />
        <YAxis yAxisId="q" fontSize={11} allowDecimals={false} width={48} />
        <YAxis yAxisId="l" orientation="right" fontSize={11} width={48} unit="s" />
        <Tooltip labelFormatter={(l) => label(Number(l))} />
        <Legend />
        <Line
          yAxisId="q"
          type="stepAfter"
          dataKey="queued"
          name="queued messages"
          stroke={chartColors.series[0]}
          dot={false}
          connectNulls
        />
        <Line
          yAxisId="l"
          type="monotone"
          dataKey="latency"
          name="mean latency (s)"
          stroke={chartColors.series[2]}
          dot={false}
          connectNulls
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
