"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import Link from "next/link";
import { useState } from "react";

import { Card, CardBody, ChartFrame, chartColors } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";

import { bucketLabel, bucketRange, clickedBucket, eventsPath } from "./drill-down";
import { type AnalyticsOverview } from "./format";

const ANNOTATION_COLOR = {
  incident: chartColors.bad.stroke,
  maintenance: chartColors.unknown.stroke,
  "dns-change": chartColors.warn.stroke,
  blocklisting: chartColors.bad.stroke,
} as const;

/** The accepted rate per bucket, with the incidents, maintenance windows, DNS changes and blocklistings that explain its dents. */
export function TrendChart({ data }: { data: AnalyticsOverview }) {
  const org = useOrg();
  const [selected, setSelected] = useState<string | null>(null);
  const points = data.series.map((s) => ({
    at: s.at,
    accepted: s.acceptedRate.state === "ok" ? Math.round(s.acceptedRate.value * 1000) / 10 : null,
    attempted: s.attempted,
  }));
  const drawable = points.filter((p) => p.accepted !== null).length >= 2;
  const label = (iso: string) => (data.bucket === "hour" ? `${iso.slice(5, 13).replace("T", " ")}h` : iso.slice(5, 10));
  const description = `Accepted rate per ${data.bucket}: ${points.length} buckets, ${data.annotations.length} annotated events.`;
  return (
    <Card>
      <CardBody>
        <ChartFrame
          title={`Accepted rate per ${data.bucket}`}
          description={description}
          empty={!drawable}
          emptyText="Not enough mail in this range to draw a trend (each point needs 100 attempts)."
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={points}
              margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
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
              <YAxis fontSize={11} width={48} domain={["auto", 100]} unit=" %" />
              <Tooltip labelFormatter={(l) => (typeof l === "string" ? label(l) : "")} />
              {data.annotations.map((a) => (
                <ReferenceLine
                  key={`${a.kind}-${a.at}-${a.title}`}
                  x={points.reduce((best, p) => (p.at <= a.at ? p.at : best), points[0]?.at ?? a.at)}
                  stroke={ANNOTATION_COLOR[a.kind]}
                  strokeDasharray="4 2"
                />
              ))}
              <Line type="monotone" dataKey="accepted" name="Accepted %" stroke={chartColors.ok.stroke} dot={false} connectNulls={false} />
            </LineChart>
          </ResponsiveContainer>
        </ChartFrame>
        {drawable ? <DrillLink data={data} at={selected} /> : null}
        {data.annotations.length > 0 ? (
          <ul className="mt-3 space-y-1 text-xs text-slate-600" aria-label="Events in this range">
            {data.annotations.slice(0, 8).map((a) => (
              <li key={`${a.kind}-${a.at}-${a.title}`} className="flex gap-2">
                <span
                  className="inline-block h-2 w-2 shrink-0 translate-y-1 rounded-full"
                  style={{ background: ANNOTATION_COLOR[a.kind] }}
                />
                <span className="text-slate-500">{new Date(a.at).toISOString().slice(0, 16).replace("T", " ")}</span>
                {a.href ? (
                  <Link href={org.href(a.href)} className="line-clamp-2 text-brand-700 hover:underline" title={a.title}>
                    {a.title}
                  </Link>
                ) : (
                  <span className="line-clamp-2" title={a.title}>
                    {a.title}
                  </span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </CardBody>
    </Card>
  );
}

/** The events behind the clicked bucket, with the view's filters; a hint until a point is clicked. */
function DrillLink({ data, at }: { data: AnalyticsOverview; at: string | null }) {
  const org = useOrg();
  const point = data.series.find((s) => s.at === at);
  if (!point) return <p className="mt-2 text-xs text-slate-500">Click a point to open the delivery events behind it.</p>;
  const href = eventsPath({
    ...bucketRange(point.at, data.bucket, data.period),
    provider: data.filters.provider,
    senderDomain: data.filters.senderDomain,
    serverId: data.filters.serverId,
    campaign: data.filters.campaign,
  });
  return (
    <p className="mt-2 text-sm">
      <span className="text-slate-600">{bucketLabel(point.at, data.bucket)}: </span>
      <Link className="font-medium text-brand-700 hover:underline" href={org.href(href)}>
        the {point.attempted.toLocaleString("en-US")} delivery attempts behind this point →
      </Link>
    </p>
  );
}
