"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { chartColors } from "@inboxwatch/ui";

export interface OutcomePoint {
  hour: string;
  sent: number;
  deferred: number;
  bounced: number;
}

const hourLabel = (iso: string) => new Date(iso).toISOString().slice(5, 13).replace("T", " ") + "h";
const minuteLabel = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace("T", " ");

/** Accepted / deferred / bounced per bucket (hour, or minute for the last hours), stacked. */
export function OutcomeAreaChart({ data, granularity = "hour" }: { data: OutcomePoint[]; granularity?: "minute" | "hour" }) {
  const label = granularity === "minute" ? minuteLabel : hourLabel;
  return (
    <ResponsiveContainer width="100%" height={260}>
      <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
        <XAxis dataKey="hour" tickFormatter={label} fontSize={11} minTickGap={24} />
        <YAxis fontSize={11} allowDecimals={false} width={48} />
        <Tooltip labelFormatter={(l) => (typeof l === "string" ? label(l) : "")} />
        <Legend />
        <Area type="monotone" dataKey="sent" name="accepted" stackId="1" stroke={chartColors.ok.stroke} fill={chartColors.ok.fill} />
        <Area type="monotone" dataKey="deferred" stackId="1" stroke={chartColors.warn.stroke} fill={chartColors.warn.fill} />
        <Area type="monotone" dataKey="bounced" stackId="1" stroke={chartColors.bad.stroke} fill={chartColors.bad.fill} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
