"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { DataTable, type DataColumn } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import type { RouterOutputs } from "~/trpc/react";
import { MutedBadge, SeverityBadge, StatusBadge } from "./parts";

type IncidentRow = RouterOutputs["alerts"]["incidents"]["list"]["items"][number];

/** What an incident watches, in words (its title names the object: server, port, IP, domain). */
const SCOPE_LABELS: Record<string, string> = {
  organization: "Organization",
  domain: "Domain",
  ip: "IP",
  pool: "IP pool",
  server: "Server",
  port: "Server port",
  provider: "Mailbox provider",
};
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const lastValue = (i: IncidentRow) => (i.lastValue === null ? null : Math.round(i.lastValue * 100) / 100);

/** Incidents, each linking to its evidence and timeline. */
export function IncidentsTable({
  rows,
  error,
  onRetry,
  emptyTitle,
  emptyAction,
}: {
  rows: IncidentRow[] | undefined;
  error: string | null;
  onRetry: () => void;
  emptyTitle: string;
  emptyAction: ReactNode;
}) {
  const org = useOrg();
  const columns: DataColumn<IncidentRow>[] = [
    {
      id: "title",
      header: "Incident",
      sortValue: (i) => i.title,
      csv: (i) => i.title,
      className: "font-medium text-slate-900",
      cell: (i) => (
        <>
          <Link href={org.href(`alerts/${i.id}`)} className="hover:text-brand-600">
            {i.title}
          </Link>
          {i.flapping ? <span className="ml-2 text-xs text-amber-700">flapping</span> : null}
          <MutedBadge mutedBy={i.mutedBy} />
        </>
      ),
    },
    {
      id: "severity",
      header: "Severity",
      sortValue: (i) => SEVERITY_ORDER[i.severity] ?? 9,
      csv: (i) => i.severity,
      cell: (i) => <SeverityBadge severity={i.severity} />,
    },
    { id: "status", header: "Status", sortValue: (i) => i.status, csv: (i) => i.status, cell: (i) => <StatusBadge status={i.status} /> },
    {
      id: "scope",
      header: "Scope",
      csv: (i) => i.scopeKey,
      cell: (i) => <span title={i.scopeKey}>{SCOPE_LABELS[i.scopeType] ?? i.scopeType}</span>,
    },
    { id: "opened", header: "Opened", sortValue: (i) => i.openedAt, csv: (i) => i.openedAt, cell: (i) => i.openedAt.toLocaleString() },
    { id: "value", header: "Last value", sortValue: lastValue, csv: lastValue, cell: (i) => lastValue(i) ?? "—" },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(i) => i.id}
      rowClassName={() => "hover:bg-slate-50"}
      error={error}
      onRetry={onRetry}
      csvTitle="Incidents"
      pageSize={50}
      empty={{
        icon: <Icon name="bell" className="size-10" />,
        title: emptyTitle,
        action: emptyAction,
        hint: "Incidents open when a rule fires. Check that your rules notify a channel, so you hear about the next one.",
      }}
    />
  );
}
