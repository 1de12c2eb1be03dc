import { Badge, Card, CardBody, CardHeader, DataTable, type DataColumn } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";
import { FindingList } from "./findings";
import { StatusBadge, UnknownReason } from "./grade";
import { GradedTitle } from "./health-report";

type Checks = NonNullable<RouterOutputs["dnsCheck"]["ips"]["byId"]["latest"]>["result"]["checks"];
type ListRow = Checks["dnsbl"]["lists"][number];

/** PTR, forward-confirmed reverse DNS and the host names the SMTP probes saw in banners. */
export function ReverseDnsCard({ rdns }: { rdns: Checks["rdns"] }) {
  return (
    <Card>
      <CardHeader title={<GradedTitle label="Reverse DNS and HELO" grade={rdns.grade} reason={rdns.unknownReason} />} />
      <CardBody>
        {rdns.grade === null ? (
          <div className="mb-3">
            <UnknownReason reason={rdns.unknownReason} />
          </div>
        ) : null}
        {rdns.banners && rdns.banners.length > 0 ? (
          <div className="mb-4">
            <div className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">SMTP banner host names seen by the probes</div>
            <ul className="space-y-1 text-sm">
              {rdns.banners.map((b) => (
                <li key={b.hostname} className="flex items-center gap-2">
                  <Badge tone={b.matchesPtr ? "green" : "amber"}>{b.matchesPtr ? "matches PTR" : "differs from PTR"}</Badge>
                  <span className="font-mono">{b.hostname}</span>
                  <span className="text-slate-500">
                    {b.ports.length > 0 ? `port ${b.ports.join(", ")}` : null}
                    {b.servers.length > 0 ? ` · ${b.servers.join(", ")}` : null}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <FindingList findings={rdns.findings} />
      </CardBody>
    </Card>
  );
}

/** Listed first, then lists that gave no answer, then clean; heavier lists first within each. */
const STATUS_ORDER: Record<string, number> = { listed: 0, error: 1, clear: 2 };

const listReason = (l: ListRow) =>
  l.status === "listed" ? [l.meanings.join(", "), l.reason].filter(Boolean).join(" — ") : l.status === "error" ? l.error : null;

const listColumns: DataColumn<ListRow>[] = [
  {
    id: "list",
    header: "List",
    sortValue: (l) => l.name,
    csv: (l) => l.zone,
    cell: (l) => (
      <>
        <div className="font-medium text-slate-900">{l.name}</div>
        <div className="font-mono text-xs text-slate-500">{l.zone}</div>
      </>
    ),
  },
  {
    id: "result",
    header: "Result",
    sortValue: (l) => STATUS_ORDER[l.status] ?? 3,
    csv: (l) => l.status,
    cell: (l) => <StatusBadge status={l.status} />,
  },
  { id: "reason", header: "Reason", className: "max-w-md whitespace-normal text-xs", csv: (l) => listReason(l) ?? "", cell: listReason },
  { id: "weight", header: "Weight", sortValue: (l) => l.weight, csv: (l) => l.weight, cell: (l) => l.weight },
  {
    id: "delist",
    header: "",
    align: "right",
    cell: (l) =>
      l.status === "listed" && l.delistUrl ? (
        <a href={l.delistUrl} target="_blank" rel="noreferrer" className="text-sm font-medium text-brand-600 hover:text-brand-700">
          Request delisting
        </a>
      ) : null,
  },
];

export function BlocklistsCard({ dnsbl, unknownReason }: { dnsbl: Checks["dnsbl"]; unknownReason: string | undefined }) {
  const lists = [...dnsbl.lists].sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) || b.weight - a.weight);
  return (
    <Card>
      <CardHeader
        title={<GradedTitle label="Blocklists" grade={dnsbl.grade} reason={unknownReason} />}
        description={
          dnsbl.grade === null
            ? `Could not check: ${unknownReason ?? "no list gave a usable answer"}.`
            : `Each list queried for this IP: listed, clean, or no usable answer. ${dnsbl.summary ?? ""}`
        }
      />
      <DataTable
        card={false}
        caption="Blocklists queried for this IP"
        columns={listColumns}
        rows={lists}
        rowKey={(l) => l.zone}
        pageSize={0}
        csvTitle="blocklists"
        empty={{ title: "No blocklist queried" }}
      />
    </Card>
  );
}
