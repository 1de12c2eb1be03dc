"use client";

import { Badge, ConfirmButton, DataTable, Select, type DataColumn } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";
import { ASSIGNABLE, roleLabel, type AssignableRole } from "./roles";

type MemberRow = RouterOutputs["members"]["list"][number];

export interface MemberActions {
  myUserId: string | undefined;
  canWrite: boolean;
  isOwner: boolean;
  changeRole: (m: MemberRow, role: AssignableRole) => void;
  transfer: { run: (m: MemberRow) => void; pending: boolean };
  remove: { run: (m: MemberRow) => void; pending: boolean };
}

/** The organization's members, their roles (a select where the viewer may change it) and the owner's actions. */
export function MembersTable({ rows, error, actions: a }: { rows: MemberRow[] | undefined; error: string | null; actions: MemberActions }) {
  const editable = (m: MemberRow) => a.canWrite && m.user.id !== a.myUserId && m.role !== "OWNER";
  const columns: DataColumn<MemberRow>[] = [
    {
      id: "person",
      header: "Person",
      sortValue: (m) => m.user.name ?? m.user.email,
      csv: (m) => m.user.email,
      cell: (m) => (
        <>
          <div className="font-medium text-slate-900">{m.user.name ?? m.user.email}</div>
          {m.user.name ? <div className="text-xs text-slate-500">{m.user.email}</div> : null}
        </>
      ),
    },
    {
      id: "role",
      header: "Role",
      sortValue: (m) => m.role,
      csv: (m) => m.role,
      cell: (m) => (
        <>
          {editable(m) ? (
            <Select
              aria-label={`Role of ${m.user.email}`}
              value={m.role}
              className="w-36"
              onChange={(e) => a.changeRole(m, e.target.value as AssignableRole)}
            >
              {ASSIGNABLE.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </Select>
          ) : (
            <Badge tone={m.role === "OWNER" ? "blue" : "slate"}>{m.role.toLowerCase()}</Badge>
          )}
          {m.user.id === a.myUserId ? <span className="ml-2 text-xs text-slate-500">you</span> : null}
        </>
      ),
    },
    {
      id: "joined",
      header: "Joined",
      sortValue: (m) => m.createdAt,
      csv: (m) => m.createdAt,
      className: "text-slate-500",
      cell: (m) => m.createdAt.toLocaleDateString(),
    },
    {
      id: "actions",
      header: "",
      align: "right",
      cell: (m) => (
        <span className="inline-flex gap-2">
          {a.isOwner && m.user.id !== a.myUserId ? (
            <ConfirmButton onConfirm={() => a.transfer.run(m)} confirmLabel="Make owner" loading={a.transfer.pending}>
              Transfer ownership
            </ConfirmButton>
          ) : null}
          {editable(m) ? (
            <ConfirmButton onConfirm={() => a.remove.run(m)} confirmLabel="Remove" loading={a.remove.pending}>
              Remove
            </ConfirmButton>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      card={false}
      columns={columns}
      rows={rows}
      rowKey={(m) => m.id}
      error={error}
      csvTitle="Members"
      empty={{ title: "No members", hint: "Invite a teammate above." }}
    />
  );
}
