"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Button, ChartFrame, Notice } from "@inboxwatch/ui";

import { ProbeLatencyChart } from "~/components/charts/probe-latency";
import { errorMessage, useTRPC } from "~/trpc/react";
import { percent } from "./probe-state";

const RANGES = ["24h", "7d", "30d"] as const;
type Range = (typeof RANGES)[number];

/** A monitor's latency (mean and max) and uptime over 24 h, 7 d (hourly) or 30 d (daily). */
export function MonitorCharts({ monitorId }: { monitorId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("24h");
  const series = useQuery(trpc.probes.monitors.series.queryOptions({ monitorId, range }));
  const uptime = series.data ? `${percent(series.data.uptimePercent)} over ${range}` : "";
  return (
    <div>
      {series.error ? <Notice>{errorMessage(series.error)}</Notice> : null}
      <ChartFrame
        title={`Latency and uptime ${uptime ? `· ${uptime}` : ""}`}
        description={uptime ? `Uptime ${uptime}` : undefined}
        loading={series.isPending}
        empty={series.data?.points.length === 0}
        emptyText="No probes in this range yet."
        actions={
          <span className="flex gap-1">
            {RANGES.map((r) => (
              <Button key={r} size="sm" variant={r === range ? "primary" : "secondary"} onClick={() => setRange(r)}>
                {r}
              </Button>
            ))}
          </span>
        }
      >
        <ProbeLatencyChart
          daily={range === "30d"}
          data={(series.data?.points ?? []).map((p) => ({
            t: p.at.getTime(),
            avgLatencyMs: p.avgLatencyMs,
            maxLatencyMs: p.maxLatencyMs,
            uptimePercent: p.uptimePercent,
          }))}
        />
      </ChartFrame>
    </div>
  );
}
