"use client";

import { type DataColumn, DataTable } from "@inboxwatch/ui";

import { formatDelta, formatKpi, type KpiFigure, volumeHint } from "./format";

const GROUP_LABEL: Record<string, string> = {
  delivery: "Delivery",
  complaints: "Complaints",
  placement: "Inbox placement",
  engagement: "Engagement",
  authentication: "Authentication",
  infrastructure: "Infrastructure",
};

/** Every KPI of the catalogue (docs/kpis.md) for the range, with its previous value and the formula behind it. */
export function KpiTable({ kpis, compared }: { kpis: readonly KpiFigure[]; compared: boolean }) {
  const columns: DataColumn<KpiFigure>[] = [
    { id: "group", header: "Area", cell: (k) => GROUP_LABEL[k.group] ?? k.group, sortValue: (k) => k.group, csv: (k) => k.group },
    {
      id: "label",
      header: "KPI",
      cell: (k) => (
        <abbr title={`${k.formula}. ${k.caveat}`} className="no-underline">
          {k.label}
        </abbr>
      ),
      sortValue: (k) => k.label,
      csv: (k) => k.id,
    },
    {
      id: "value",
      header: "This period",
      align: "right",
      cell: (k) => (
        <span className={k.current.state === "ok" ? undefined : "text-slate-500"} title={volumeHint(k.current) ?? undefined}>
          {formatKpi(k.current, k.unit, k.volumeNoun)}
        </span>
      ),
      csv: (k) => (k.current.state === "ok" ? k.current.value : k.current.state),
    },
  ];
  if (compared) {
    columns.push(
      {
        id: "previous",
        header: "Previous period",
        align: "right",
        cell: (k) => (k.previous ? formatKpi(k.previous, k.unit, k.volumeNoun) : "–"),
        csv: (k) => (k.previous?.state === "ok" ? k.previous.value : (k.previous?.state ?? "")),
      },
      {
        id: "delta",
        header: "Change",
        align: "right",
        cell: (k) => formatDelta(k.delta, k.unit, k.better)?.text ?? "–",
        sortValue: (k) => k.delta,
        csv: (k) => k.delta ?? "",
      },
    );
  }
  return (
    <DataTable
      columns={columns}
      rows={kpis}
      rowKey={(k) => k.id}
      caption="Every KPI"
      csvTitle="kpis"
      pageSize={0}
      empty={{ title: "No KPIs" }}
    />
  );
}
