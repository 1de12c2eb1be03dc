"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

/** Complaints (ARF feedback) per day. */
export function ComplaintSeriesChart({ data }: { data: { day: string; total: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis dataKey="day" fontSize={11} minTickGap={24} />
        <YAxis fontSize={11} allowDecimals={false} width={40} />
        <Tooltip />
        <Bar dataKey="total" name="complaints" fill={chartColors.attention} />
      </BarChart>
    </ResponsiveContainer>
  );
}
