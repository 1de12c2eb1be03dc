"use client";

import Link from "next/link";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { Card, CardBody, ChartFrame, chartColors, CsvButton, type CsvColumn } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { type RouterOutputs } from "~/trpc/react";

import { bucketLabel, bucketRange, clickedBucket, eventsPath } from "./drill-down";
import { type AnalyticsView } from "./use-analytics-query";

type ReplyCodes = RouterOutputs["analytics"]["panels"]["replyCodes"];

/** Temporary failures in ambers, permanent ones in reds: the class reads from the colour, the code from the legend. */
const CLASS_COLORS = {
  "4xx": ["#f59e0b", "#b45309", "#fcd34d", "#d97706", "#92400e", "#fde68a", "#78350f", "#fbbf24"],
  "5xx": ["#dc2626", "#7f1d1d", "#f87171", "#b91c1c", "#db2777", "#fca5a5", "#991b1b", "#9d174d"],
} as const;

export function codeColors(codes: ReplyCodes["codes"]): Map<string, string> {
  const used = { "4xx": 0, "5xx": 0 };
  return new Map(codes.map((c) => [c.code, CLASS_COLORS[c.class][used[c.class]++ % 8] ?? chartColors.unknown.stroke]));
}

/** The most frequent 4xx / 5xx reply codes per bucket, stacked; a bucket opens the events of each of its codes. */
export function ReplyCodeChart({ data, view }: { data: ReplyCodes; view: AnalyticsView }) {
  const org = useOrg();
  const [selected, setSelected] = useState<string | null>(null);
  const colors = codeColors(data.codes);
  // A code with no reply in a bucket is left out of its bar and its tooltip (the CSV keeps the 0).
  const rows = data.points.map((p) => ({ at: p.at, ...Object.fromEntries(Object.entries(p.counts).map(([c, n]) => [c, n || null])) }));
  const label = (iso: string) => (data.bucket === "hour" ? `${iso.slice(11, 13)}h` : iso.slice(5, 10));
  const csvColumns: CsvColumn<ReplyCodes["points"][number]>[] = [
    { header: "bucket start", csv: (p) => p.at },
    ...data.codes.map((c) => ({ header: c.code, csv: (p: ReplyCodes["points"][number]) => p.counts[c.code] ?? 0 })),
  ];
  const point = data.points.find((p) => p.at === selected);
  const total = data.codes.reduce((sum, c) => sum + c.total, 0);
  return (
    <Card>
      <CardBody>
        <ChartFrame
          title={`4xx / 5xx replies by code, per ${data.bucket}`}
          description={`${total.toLocaleString("en-US")} remote 4xx / 5xx replies: ${data.codes.map((c) => `${c.code} ${c.total}`).join(", ")}.`}
          empty={data.codes.length === 0}
          emptyText="No data: no remote server answered 4xx or 5xx in this range."
          actions={<CsvButton title="analytics-reply-codes" rows={data.points} columns={csvColumns} />}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={rows}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
              onClick={(e) =>
                setSelected(
                  clickedBucket(
                    e,
                    rows.map((p) => p.at),
                  ),
                )
              }
              className="cursor-pointer"
            >
              <CartesianGrid strokeDasharray="3 3" stroke={chartColors.grid} vertical={false} />
              <XAxis dataKey="at" tickFormatter={label} fontSize={11} minTickGap={16} />
              <YAxis fontSize={11} width={48} allowDecimals={false} />
              <Tooltip labelFormatter={(l) => (typeof l === "string" ? bucketLabel(l, data.bucket) : "")} />
              {data.codes.map((c) => (
                <Bar key={c.code} dataKey={c.code} name={c.code} stackId="codes" fill={colors.get(c.code)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartFrame>
        {data.codes.length ? (
          <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" aria-label="Reply codes">
            {data.codes.map((c) => (
              <li key={c.code} className="flex items-center gap-1.5">
                <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: colors.get(c.code) }} />
                <span className="font-mono">{c.code}</span>
                <span className="text-slate-500">{c.total.toLocaleString("en-US")}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {point ? (
          <p className="mt-2 flex flex-wrap gap-x-3 text-sm">
            <span className="text-slate-600">{bucketLabel(point.at, data.bucket)}:</span>
            {data.codes
              .filter((c) => (point.counts[c.code] ?? 0) > 0)
              .map((c) => (
                <Link
                  key={c.code}
                  className="font-medium text-brand-700 hover:underline"
                  href={org.href(
                    eventsPath({
                      ...bucketRange(point.at, data.bucket, view),
                      provider: view.provider,
                      senderDomain: view.senderDomain,
                      serverId: view.serverId,
                      campaign: view.campaign,
                      code: c.code,
                    }),
                  )}
                >
                  {(point.counts[c.code] ?? 0).toLocaleString("en-US")} × {c.code} →
                </Link>
              ))}
          </p>
        ) : data.codes.length ? (
          <p className="mt-2 text-xs text-slate-500">Click a bar to open the events behind each of its codes.</p>
        ) : null}
      </CardBody>
    </Card>
  );
}
