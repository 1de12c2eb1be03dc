"use client";

import { Badge, ConfirmButton, DataTable } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import type { RouterOutputs } from "~/trpc/react";

type KeyRow = RouterOutputs["apiKeys"]["list"][number];

/** The organization's keys (prefix only: the secret is never stored), with Revoke asked twice in the row. */
export function ApiKeysTable({
  rows,
  error,
  revoke,
}: {
  rows: KeyRow[] | undefined;
  error: string | null;
  /** null when the viewer may not revoke. */
  revoke: { run: (id: string) => void; pending: boolean } | null;
}) {
  return (
    <DataTable
      rows={rows}
      rowKey={(k) => k.id}
      error={error}
      csvTitle="API keys"
      empty={{
        icon: <Icon name="key" className="size-10" />,
        title: "No API keys yet",
        hint: (
          <>
            Create one to ship MTA logs and reports, or to use <code>inboxwatch api</code> from scripts.
          </>
        ),
      }}
      columns={[
        {
          id: "name",
          header: "Name",
          cell: (k) => k.name,
          sortValue: (k) => k.name,
          csv: (k) => k.name,
          className: "font-medium text-slate-900",
        },
        { id: "key", header: "Key", cell: (k) => `${k.prefix}…`, csv: (k) => k.prefix, className: "font-mono text-xs" },
        {
          id: "scopes",
          header: "Scopes",
          csv: (k) => k.scopes.join(" "),
          cell: (k) => (
            <span className="flex max-w-xs flex-wrap gap-1">
              {k.scopes.map((s) => (
                <Badge key={s}>{s}</Badge>
              ))}
            </span>
          ),
        },
        {
          id: "used",
          header: "Last used",
          sortValue: (k) => k.lastUsedAt,
          csv: (k) => k.lastUsedAt,
          className: "text-slate-500",
          cell: (k) => (k.lastUsedAt ? k.lastUsedAt.toLocaleString() : "never"),
        },
        {
          id: "status",
          header: "Status",
          sortValue: (k) => (k.revokedAt ? 1 : 0),
          csv: (k) => (k.revokedAt ? "revoked" : "active"),
          cell: (k) => (k.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>),
        },
        {
          id: "actions",
          header: "",
          align: "right",
          cell: (k) =>
            revoke && !k.revokedAt ? (
              <ConfirmButton onConfirm={() => revoke.run(k.id)} confirmLabel="Revoke now" loading={revoke.pending}>
                Revoke
              </ConfirmButton>
            ) : null,
        },
      ]}
    />
  );
}
