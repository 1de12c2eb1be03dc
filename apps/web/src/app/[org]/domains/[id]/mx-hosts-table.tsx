"use client";

import { Badge, DataTable, type DataColumn } from "@inboxwatch/ui";

import { numberColumn, textColumn } from "~/components/table-columns";
import type { RouterOutputs } from "~/trpc/react";
import { OutcomeBadge, StateBadge } from "../../servers/[id]/probe-state";

type DomainMx = RouterOutputs["probes"]["domainMx"]["get"];
type HostRow = DomainMx["hosts"][number];

const columns: DataColumn<HostRow>[] = [
  textColumn("host", "MX host", (h) => h.mxHost, "font-medium text-slate-900"),
  numberColumn("preference", "Preference", (h) => h.mxPreference),
  {
    id: "state",
    header: "State",
    sortValue: (h) => h.state,
    cell: (h) => (h.enabled ? <StateBadge state={h.state} /> : <Badge>left the MX set</Badge>),
  },
  { id: "outcome", header: "Last outcome", cell: (h) => (h.lastOutcome ? <OutcomeBadge outcome={h.lastOutcome} /> : "—") },
  textColumn("tls", "TLS", (h) => h.lastTlsVersion),
  numberColumn(
    "latency",
    "Latency",
    (h) => h.lastLatencyMs,
    (v) => `${v} ms`,
  ),
  {
    id: "probed",
    header: "Last probe",
    sortValue: (h) => h.lastProbeAt,
    cell: (h) => (h.lastProbeAt ? h.lastProbeAt.toLocaleString() : "waiting for the first probe"),
  },
];

/** The domain's MX hosts as monitors; a host that left the MX set stays greyed out with its history. */
export function MxHostsTable({ hosts }: { hosts: HostRow[] }) {
  return (
    <DataTable
      card={false}
      caption="Mail exchangers of this domain"
      columns={columns}
      rows={hosts}
      rowKey={(h) => h.id}
      rowClassName={(h) => (h.enabled ? undefined : "opacity-50")}
      pageSize={0}
      empty={{ title: "No MX hosts" }}
    />
  );
}

/** MX set changes and host state changes, newest first. */
export function MxChanges({ events }: { events: DomainMx["events"] }) {
  return (
    <div className="mt-4">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Recent changes</h3>
      <ul className="mt-2 space-y-1 text-sm">
        {events.map((e) => (
          <li key={e.id} className="flex gap-2">
            <span className="text-slate-500">{e.at.toLocaleString()}</span>
            <Badge tone={e.severity === "critical" ? "red" : e.severity === "warning" ? "amber" : "slate"}>
              {e.kind === "drift" ? e.type.replace(/_/g, " ") : e.type}
            </Badge>
            <span className="text-slate-700">
              {e.monitor.mxHost}: {e.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
