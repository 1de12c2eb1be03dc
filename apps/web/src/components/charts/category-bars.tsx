"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

export interface CategoryBar {
  category: string;
  bounced: number;
  deferred: number;
}

/** Failures by category (hard bounces and deferrals side by side), largest first. */
export function CategoryBarChart({ data }: { data: CategoryBar[] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, data.length * 28 + 40)}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis type="number" fontSize={11} allowDecimals={false} />
        <YAxis type="category" dataKey="category" fontSize={11} width={140} />
        <Tooltip />
        <Legend />
        <Bar dataKey="bounced" stackId="1" fill={chartColors.bad.fill} />
        <Bar dataKey="deferred" stackId="1" fill={chartColors.warn.fill} />
      </BarChart>
    </ResponsiveContainer>
  );
}
