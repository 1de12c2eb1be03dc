"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

const timeLabel = (at: number) => new Date(at).toISOString().slice(5, 16).replace("T", " ");

/** An incident's metric series with the rule's threshold drawn across it. */
export function EvidenceSeriesChart({
  points,
  threshold,
}: {
  points: { at: number; value: number; volume: number }[];
  threshold: number | null;
}) {
  const data = points.map((p) => ({ at: p.at, value: Math.round(p.value * 100) / 100, volume: p.volume }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={timeLabel}
          fontSize={11}
          minTickGap={32}
        />
        <YAxis fontSize={11} width={48} />
        <Tooltip labelFormatter={(at) => timeLabel(Number(at))} />
        {threshold !== null ? (
          <ReferenceLine
            y={threshold}
            stroke={chartColors.bad.stroke}
            strokeDasharray="6 4"
            label={{ value: `threshold ${threshold}`, fontSize: 11, fill: chartColors.bad.stroke, position: "insideTopRight" }}
          />
        ) : null}
        <Line
          type="monotone"
          dataKey="value"
          name="value"
          stroke={chartColors.series[0]}
          strokeWidth={2}
          dot={points.length < 40}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
