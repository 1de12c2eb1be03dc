"use client";

import { Badge, DataTable } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import type { RouterOutputs } from "~/trpc/react";

type AuditRow = RouterOutputs["audit"]["list"]["items"][number];
const ACTOR_TONE = { USER: "blue", API_KEY: "amber", SYSTEM: "slate" } as const;

/** The loaded entries, newest first (the server pages by cursor, so the table shows every loaded row). */
export function AuditTable({ rows, loading, error }: { rows: AuditRow[]; loading: boolean; error: string | null }) {
  return (
    <DataTable
      card={false}
      rows={loading ? undefined : rows}
      rowKey={(r) => r.id}
      error={error}
      pageSize={0}
      csvTitle="Audit log"
      empty={{
        icon: <Icon name="list" className="size-10" />,
        title: "Nothing recorded for these filters",
        hint: "Changes to servers, domains, IPs, members and keys appear here as they happen.",
      }}
      columns={[
        { id: "when", header: "When", cell: (r) => r.createdAt.toLocaleString(), csv: (r) => r.createdAt, className: "text-slate-500" },
        {
          id: "actor",
          header: "Actor",
          csv: (r) => `${r.actorType} ${r.actorLabel}`,
          cell: (r) => (
            <span className="flex items-center gap-2">
              <Badge tone={ACTOR_TONE[r.actorType]}>{r.actorType === "API_KEY" ? "key" : r.actorType.toLowerCase()}</Badge>
              <span className="max-w-[14rem] truncate">{r.actorLabel}</span>
            </span>
          ),
        },
        { id: "action", header: "Action", cell: (r) => r.action, csv: (r) => r.action, className: "font-mono text-xs text-slate-800" },
        { id: "target", header: "Target", cell: (r) => r.targetType, csv: (r) => r.targetType, className: "text-slate-600" },
        {
          id: "details",
          header: "Details",
          cell: (r) => (r.metadata ? JSON.stringify(r.metadata) : ""),
          csv: (r) => (r.metadata ? JSON.stringify(r.metadata) : ""),
          className: "max-w-sm truncate font-mono text-xs text-slate-500",
        },
      ]}
    />
  );
}
