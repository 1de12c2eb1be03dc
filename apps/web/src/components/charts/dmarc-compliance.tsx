"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

export interface CompliancePoint {
  day: string;
  total: number;
  aligned: number;
  compliancePct: number | null;
}

/** Messages per day (bars: DMARC pass vs fail) with the compliance % line on the right axis. */
export function DmarcComplianceChart({ data }: { data: CompliancePoint[] }) {
  const rows = data.map((d) => ({ ...d, failing: d.total - d.aligned }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis dataKey="day" fontSize={11} minTickGap={24} />
        <YAxis yAxisId="n" fontSize={11} allowDecimals={false} width={56} />
        <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} fontSize={11} width={40} unit="%" />
        <Tooltip />
        <Legend />
        <Bar yAxisId="n" dataKey="aligned" name="DMARC pass" stackId="m" fill={chartColors.ok.fill} />
        <Bar yAxisId="n" dataKey="failing" name="DMARC fail" stackId="m" fill={chartColors.bad.fill} />
        <Line
          yAxisId="pct"
          type="monotone"
          dataKey="compliancePct"
          name="compliance %"
          stroke={chartColors.accent}
          dot={false}
          connectNulls
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
