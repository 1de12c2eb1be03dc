"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";
import { textColumn } from "~/components/table-columns";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";

type Detection = RouterOutputs["deliverability"]["detections"][number];

const KIND = {
  throttled: { label: "Throttled", tone: "red", hint: "Slow down towards this provider." },
  greylisted: { label: "Greylisted", tone: "amber", hint: "Retries get through; nothing to do." },
  internal_congestion: { label: "Internal congestion", tone: "blue", hint: "Every provider slowed with the queue: look at your own MTA." },
} as const;

const time = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace("T", " ");

const columns: DataColumn<Detection>[] = [
  {
    id: "kind",
    header: "Kind",
    sortValue: (d) => d.kind,
    csv: (d) => d.kind,
    cell: (d) => (
      <>
        <Badge tone={KIND[d.kind].tone}>{KIND[d.kind].label}</Badge>
        <div className="mt-1 text-xs text-slate-500">{KIND[d.kind].hint}</div>
      </>
    ),
  },
  textColumn("provider", "Provider", (d) => (d.provider === "*" ? "all providers" : d.provider), "font-medium text-slate-900"),
  {
    id: "when",
    header: "When (UTC)",
    sortValue: (d) => d.startedAt,
    csv: (d) => `${d.startedAt} ${d.lastSeenAt}`,
    className: "text-xs whitespace-nowrap",
    cell: (d) => `${time(d.startedAt)} → ${time(d.lastSeenAt).slice(6)}`,
  },
  textColumn("evidence", "Evidence", (d) => d.summary, "text-xs"),
  {
    id: "codes",
    header: "Codes",
    className: "font-mono text-xs",
    csv: (d) => d.codes.map((c) => `${c.code} x${c.count}`).join(" "),
    cell: (d) =>
      d.codes.slice(0, 3).map((c) => (
        <div key={c.code}>
          {c.code} ×{c.count}
        </div>
      )),
  },
  textColumn("sample", "Sample reply", (d) => d.sampleReplies[0] ?? null, "max-w-md text-xs break-words"),
];

/** Throttling / greylisting / congestion episodes with their evidence (codes, reply samples, spike, queue). */
export function Detections({ range }: { range: { from: string; to: string } }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.deliverability.detections.queryOptions(range));
  return (
    <TableCard
      title="Throttling and greylisting"
      description="Bursts of 421/451/4.7.x per provider, told apart from congestion at home by queue depth and delay. Throttling and greylisting also feed the alert rules."
      caption="Throttling, greylisting and congestion episodes"
      columns={columns}
      rows={q.data}
      error={q.error ? errorMessage(q.error) : null}
      rowKey={(d) => d.id}
      csvTitle="detections"
      empty={{ title: "No throttling, greylisting or congestion detected in this range." }}
    />
  );
}
