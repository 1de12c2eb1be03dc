"use client";

import { Badge, Button, Card, CardHeader, DataTable } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";

type ListRow = RouterOutputs["dnsCheck"]["blocklists"]["list"][number];

export interface CatalogueActions {
  canWrite: boolean;
  pendingZone: string | null;
  setEnabled: (l: ListRow) => void;
  remove: (l: ListRow) => void;
}

function summary(rows: ListRow[]): string {
  const enabled = rows.filter((l) => l.enabled);
  const ip = enabled.filter((l) => l.kind === "ip").length;
  return `${enabled.length} of ${rows.length} lists enabled: ${ip} IP blocklists and ${enabled.length - ip} domain blocklists.`;
}

/** The built-in and private lists, each with its weight and an Enable/Disable switch. */
export function CatalogueTable({
  rows,
  error,
  actions: a,
}: {
  rows: ListRow[] | undefined;
  error: string | null;
  actions: CatalogueActions;
}) {
  return (
    <Card>
      <CardHeader title="Catalogue" description={rows ? summary(rows) : undefined} />
      <DataTable
        card={false}
        rows={rows}
        rowKey={(l) => l.zone}
        rowClassName={(l) => (l.enabled ? undefined : "opacity-60")}
        error={error}
        pageSize={0}
        csvTitle="Blocklists"
        empty={{ title: "No blocklists" }}
        columns={[
          {
            id: "list",
            header: "List",
            sortValue: (l) => l.name,
            csv: (l) => l.zone,
            cell: (l) => (
              <>
                <div className="font-medium text-slate-900">
                  {l.name} {l.isPrivate ? <Badge tone="blue">private</Badge> : null}
                </div>
                <div className="font-mono text-xs text-slate-500">{l.zone}</div>
              </>
            ),
          },
          {
            id: "kind",
            header: "Checks",
            sortValue: (l) => l.kind,
            csv: (l) => l.kind,
            cell: (l) => (l.kind === "ip" ? "IPs" : "Domains"),
          },
          { id: "weight", header: "Weight", sortValue: (l) => l.weight, csv: (l) => l.weight, cell: (l) => l.weight },
          {
            id: "status",
            header: "Status",
            sortValue: (l) => (l.enabled ? 0 : 1),
            csv: (l) => (l.enabled ? "enabled" : "disabled"),
            cell: (l) => (l.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>),
          },
          {
            id: "actions",
            header: "",
            align: "right",
            cell: (l) =>
              a.canWrite ? (
                <span className="flex justify-end gap-2">
                  <Button size="sm" variant="secondary" loading={a.pendingZone === l.zone} onClick={() => a.setEnabled(l)}>
                    {l.enabled ? "Disable" : "Enable"}
                  </Button>
                  {l.isPrivate ? (
                    <Button size="sm" variant="danger" onClick={() => a.remove(l)}>
                      Remove
                    </Button>
                  ) : null}
                </span>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
