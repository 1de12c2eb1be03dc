"use client";

import Link from "next/link";
import { useState } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { Card, CardBody, ChartFrame, chartColors, CsvButton, type CsvColumn } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { type RouterOutputs } from "~/trpc/react";

import { bucketLabel, bucketRange, clickedBucket, eventsPath } from "./drill-down";
import { latencyAxisCap } from "./axis-cap";
import { formatNumber } from "./format";
import { type AnalyticsView } from "./use-analytics-query";

type QueueLatency = RouterOutputs["analytics"]["panels"]["queueLatency"];
type Point = QueueLatency["points"][number];

/** Axis ticks: whole seconds, then minutes and hours with one decimal only when needed ("90 s", "2.5 min"). */
function secondsTick(v: number): string {
  const [value, unit] = v < 90 ? [v, "s"] : v < 5400 ? [v / 60, "min"] : [v / 3600, "h"];
  return `${Number.isInteger(Math.round(value * 10) / 10) ? Math.round(value) : value.toFixed(1)} ${unit}`;
}

const LATENCY_NAME = "Send latency";

const CSV_COLUMNS: CsvColumn<Point>[] = [
  { header: "bucket start", csv: (p) => p.at },
  { header: "mean queue depth", csv: (p) => (p.queueDepth === null ? null : Number(p.queueDepth.toFixed(2))) },
  { header: "queue snapshots", csv: (p) => p.queueSamples },
  { header: "mean send latency s", csv: (p) => (p.sendLatencySeconds === null ? null : Number(p.sendLatencySeconds.toFixed(3))) },
  { header: "accepted messages timed", csv: (p) => p.latencySamples },
];

/** Queue depth (all queues, the area) against the mean send latency of accepted mail (the line), per hour or day; a point opens its events. */
export function QueueLatencyChart({ data, view }: { data: QueueLatency; view: AnalyticsView }) {
  const org = useOrg();
  const [selected, setSelected] = useState<string | null>(null);
  const points = data.points.map((p) => ({
    at: p.at,
    depth: p.queueDepth === null ? null : Math.round(p.queueDepth * 10) / 10,
    latency: p.sendLatencySeconds === null ? null : Math.round(p.sendLatencySeconds * 10) / 10,
  }));
  const label = (iso: string) => (data.bucket === "hour" ? `${iso.slice(5, 13).replace("T", " ")}h` : iso.slice(5, 10));
  const cap = latencyAxisCap(points.map((p) => p.latency));
  const peak = cap === null ? null : points.reduce((best, p) => ((p.latency ?? 0) > (best.latency ?? 0) ? p : best));
  const empty = !data.hasQueue && !data.hasLatency;
  const selectedPoint = data.points.find((p) => p.at === selected);
  const missing =
    data.hasQueue && !data.hasLatency
      ? "No accepted mail with a delay in this range."
      : !data.hasQueue && data.hasLatency
        ? "No queue snapshots in this range (ship them with the queue agent)."
        : null;
  return (
    <Card>
      <CardBody>
        <ChartFrame
          title={`Queue depth vs send latency, per ${data.bucket}`}
          description={`Mean queued messages and mean send latency of accepted mail over ${points.length} ${data.bucket}s.`}
          empty={empty}
          emptyText="No data: no queue snapshots and no accepted mail with a delay in this range."
          actions={<CsvButton title="analytics-queue-latency" rows={data.points} columns={CSV_COLUMNS} />}
        >
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart
              data={points}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
              onClick={(e) =>
                setSelected(
                  clickedBucket(
                    e,
                    points.map((p) => p.at),
                  ),
                )
              }
              className="cursor-pointer"
            >
              <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} />
              <XAxis dataKey="at" tickFormatter={label} fontSize={11} minTickGap={24} />
              <YAxis yAxisId="depth" fontSize={11} width={48} allowDecimals={false} />
              <YAxis
                yAxisId="latency"
                orientation="right"
                fontSize={11}
                width={64}
                tickFormatter={secondsTick}
                domain={cap === null ? [0, "auto"] : [0, cap]}
                allowDataOverflow={cap !== null}
              />
              <Tooltip
                labelFormatter={(l) => (typeof l === "string" ? bucketLabel(l, data.bucket) : "")}
                formatter={(v, name) => (typeof v === "number" && name === LATENCY_NAME ? formatNumber(v, "seconds") : v)}
              />
              <Area
                yAxisId="depth"
                type="monotone"
                dataKey="depth"
                name="Queue depth (messages)"
                stroke={chartColors.series[0]}
                fill={chartColors.series[0]}
                fillOpacity={0.15}
                connectNulls={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="latency"
                type="monotone"
                dataKey="latency"
                name={LATENCY_NAME}
                stroke={chartColors.series[1]}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartFrame>
        <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
          <span className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block h-2 w-3 rounded-sm" style={{ background: chartColors.series[0] }} /> Queue depth
            (left, messages; every queue, whatever the filters)
          </span>
          <span className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block h-0.5 w-3" style={{ background: chartColors.series[1] }} /> Mean send latency of
            accepted mail (right)
          </span>
          {missing ? <span className="text-amber-700">{missing}</span> : null}
          {peak?.latency != null ? (
            <span>
              Latency axis stops at {secondsTick(cap ?? 0)}: the highest point, {formatNumber(peak.latency, "seconds")} (
              {bucketLabel(peak.at, data.bucket)}), runs off the top.
            </span>
          ) : null}
        </div>
        {selectedPoint ? (
          <p className="mt-2 text-sm">
            <span className="text-slate-600">{bucketLabel(selectedPoint.at, data.bucket)}: </span>
            <Link
              className="font-medium text-brand-700 hover:underline"
              href={org.href(
                eventsPath({
                  ...bucketRange(selectedPoint.at, data.bucket, view),
                  provider: view.provider,
                  senderDomain: view.senderDomain,
                  serverId: view.serverId,
                  status: "sent",
                }),
              )}
            >
              the {selectedPoint.latencySamples.toLocaleString("en-US")} accepted messages behind this point →
            </Link>
          </p>
        ) : !empty ? (
          <p className="mt-2 text-xs text-slate-500">Click a point to open the events behind it.</p>
        ) : null}
      </CardBody>
    </Card>
  );
}
