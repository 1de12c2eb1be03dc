"use client";

import Link from "next/link";

import { type DataColumn, DataTable } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";

import { eventsPath } from "./drill-down";

import { type AnalyticsOverview, formatKpi, type KpiValue } from "./format";
import { DIMENSIONS, type Dimension } from "./use-analytics-query";

type Row = AnalyticsOverview["breakdown"]["rows"][number];

const rateSort = (v: KpiValue) => (v.state === "ok" ? v.value : null);
const rateCsv = (v: KpiValue) => (v.state === "ok" ? v.value.toFixed(4) : "");

function rateColumn(id: string, header: string, pick: (r: Row) => KpiValue): DataColumn<Row> {
  return {
    id,
    header,
    align: "right",
    cell: (r) => {
      const v = pick(r);
      return <span className={v.state === "ok" ? undefined : "text-slate-500"}>{formatKpi(v, "fraction")}</span>;
    },
    sortValue: (r) => rateSort(pick(r)),
    csv: (r) => rateCsv(pick(r)),
  };
}

/** One row per segment with its volume and delivery rates; a segment's name filters the whole view to it. */
export function BreakdownTable({ data, onDrill }: { data: AnalyticsOverview; onDrill: (dimension: Dimension, key: string) => void }) {
  const org = useOrg();
  const dimension = data.breakdown.dimension;
  /** The segment's events over the view's range and filters; "" is a key only servers can follow (mapped to none). */
  const eventsHref = (key: string) =>
    key === "" && dimension !== "serverId" ? null : org.href(eventsPath({ ...data.period, ...data.filters, [dimension]: key }));
  const dimensionLabel = DIMENSIONS.find((d) => d.id === dimension)?.label ?? dimension;
  const columns: DataColumn<Row>[] = [
    {
      id: "label",
      header: dimensionLabel,
      cell: (r) => (
        <button type="button" className="text-left font-medium text-brand-700 hover:underline" onClick={() => onDrill(dimension, r.key)}>
          {r.label}
        </button>
      ),
      sortValue: (r) => r.label,
      csv: (r) => r.label,
    },
    {
      id: "attempted",
      header: "Attempts",
      align: "right",
      cell: (r) => r.attempted.toLocaleString("en-US"),
      sortValue: (r) => r.attempted,
      csv: (r) => r.attempted,
    },
    {
      id: "share",
      header: "Share",
      align: "right",
      cell: (r) => (r.share === null ? "–" : `${(r.share * 100).toFixed(1)} %`),
      sortValue: (r) => r.share,
      csv: (r) => (r.share === null ? "" : r.share.toFixed(4)),
    },
    rateColumn("accepted", "Accepted", (r) => r.accepted),
    rateColumn("inbox", "Inbox (proxy)", (r) => r.inboxProxy),
    rateColumn("deferral", "Deferred", (r) => r.deferral),
    rateColumn("hard", "Hard bounces", (r) => r.hardBounce),
    rateColumn("soft", "Soft bounces", (r) => r.softBounce),
    {
      id: "events",
      header: <span className="sr-only">Events</span>,
      align: "right",
      cell: (r) => {
        const href = eventsHref(r.key);
        return href ? (
          <Link href={href} className="whitespace-nowrap text-xs text-brand-700 hover:underline" aria-label={`Events of ${r.label}`}>
            Events →
          </Link>
        ) : null;
      },
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={data.breakdown.rows}
      rowKey={(r) => r.key}
      caption={`Delivery by ${dimensionLabel.toLowerCase()}`}
      csvTitle={`analytics-by-${dimension}`}
      initialSort={{ columnId: "attempted", direction: "desc" }}
      empty={{
        title: "No mail in this range",
        hint: "Ship your MTA logs or ESP events (Deliverability → Ship logs) to see segments here.",
      }}
    />
  );
}
