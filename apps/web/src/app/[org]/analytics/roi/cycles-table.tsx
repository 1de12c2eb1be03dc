"use client";

import Link from "next/link";

import { type DataColumn, DataTable } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { type RouterOutputs } from "~/trpc/react";

import { FigureExplanation, formatFigure } from "./figure-card";

type Row = RouterOutputs["analytics"]["roi"]["summary"]["cycles"][number];

/** "11-15 06:00" (UTC): the year is the period's. */
const when = (iso: string | null) => (iso ? iso.slice(5, 16).replace("T", " ") : "–");

/** Each incident of the period with how long the accepted rate took to recover and what the dent cost. */
export function CyclesTable({ rows, currency }: { rows: readonly Row[]; currency: string }) {
  const org = useOrg();
  const columns: DataColumn<Row>[] = [
    {
      id: "incident",
      header: "Incident",
      cell: (r) => (
        <>
          <Link href={org.href(`alerts/${r.incident.id}`)} className="font-medium text-brand-700 hover:underline">
            {r.incident.title}
          </Link>
          {r.cycle ? <FigureExplanation figure={r.cycle.cost} /> : null}
        </>
      ),
      csv: (r) => r.incident.title,
      className: "whitespace-normal min-w-64",
    },
    {
      id: "opened",
      header: "Opened",
      cell: (r) => when(r.incident.openedAt),
      sortValue: (r) => r.incident.openedAt,
      csv: (r) => r.incident.openedAt,
    },
    {
      id: "recovered",
      header: "Back at baseline",
      cell: (r) => (r.cycle ? (r.cycle.recoveredAt ? when(r.cycle.recoveredAt) : "Not yet") : "No baseline"),
      csv: (r) => r.cycle?.recoveredAt ?? "",
    },
    {
      id: "duration",
      header: "Recovery",
      align: "right",
      cell: (r) => (r.cycle?.durationHours == null ? "–" : `${r.cycle.durationHours.toFixed(0)} h`),
      sortValue: (r) => r.cycle?.durationHours ?? null,
      csv: (r) => r.cycle?.durationHours ?? "",
    },
    {
      id: "lost",
      header: "Messages lost",
      align: "right",
      cell: (r) => (r.cycle ? Math.round(r.cycle.lostMessages).toLocaleString("en-US") : "–"),
      sortValue: (r) => r.cycle?.lostMessages ?? null,
      csv: (r) => r.cycle?.lostMessages ?? "",
    },
    {
      id: "cost",
      header: "Cost",
      align: "right",
      cell: (r) => (r.cycle ? formatFigure(r.cycle.cost.value, currency) : "–"),
      sortValue: (r) => r.cycle?.cost.value ?? null,
      csv: (r) => r.cycle?.cost.value ?? "",
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(r) => r.incident.id}
      caption="Recovery cycles"
      csvTitle="recovery-cycles"
      empty={{
        title: "No incident in this period",
        hint: "Each incident gets its recovery cycle costed here: from its opening to the accepted rate back at its baseline.",
      }}
    />
  );
}
