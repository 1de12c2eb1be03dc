"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

export interface TlsPoint {
  day: string;
  policyType: string;
  success: number;
  failure: number;
}

// Successes light, failures strong; each policy type its own pair so stacked columns stay apart.
const COLORS: Record<string, [string, string]> = {
  sts: [chartColors.ok.fill, chartColors.bad.stroke],
  tlsa: [chartColors.info.fill, chartColors.bad.dark],
  "no-policy-found": [chartColors.unknown.fill, chartColors.attention],
};

/** TLS sessions per day, successes and failures per policy type (RFC 8460 §4.3). */
export function TlsSessionsChart({ data }: { data: TlsPoint[] }) {
  const types = [...new Set(data.map((d) => d.policyType))];
  const byDay = new Map<string, Record<string, number | string>>();
  for (const d of data) {
    const row = byDay.get(d.day) ?? { day: d.day };
    row[`${d.policyType} ok`] = d.success;
    row[`${d.policyType} failed`] = d.failure;
    byDay.set(d.day, row);
  }
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={[...byDay.values()]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis dataKey="day" fontSize={11} minTickGap={24} />
        <YAxis fontSize={11} allowDecimals={false} width={56} />
        <Tooltip />
        <Legend />
        {types.flatMap((t) => {
          const [ok, bad] = COLORS[t] ?? [chartColors.grid, chartColors.bad.stroke];
          return [
            <Bar key={`${t}-ok`} dataKey={`${t} ok`} stackId={t} fill={ok} />,
            <Bar key={`${t}-bad`} dataKey={`${t} failed`} stackId={t} fill={bad} />,
          ];
        })}
      </BarChart>
    </ResponsiveContainer>
  );
}
