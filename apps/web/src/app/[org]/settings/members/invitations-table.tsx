"use client";

import { Badge, Button, Card, CardHeader, DataTable } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";

type InvitationRow = RouterOutputs["invitations"]["list"][number];

/** Invitations not yet accepted; hidden when there is none. */
export function InvitationsCard({ rows, onWithdraw }: { rows: InvitationRow[] | undefined; onWithdraw: ((id: string) => void) | null }) {
  if (!rows?.length) return null;
  return (
    <Card>
      <CardHeader title="Pending invitations" />
      <DataTable
        card={false}
        rows={rows}
        rowKey={(i) => i.id}
        empty={{ title: "No pending invitation" }}
        columns={[
          { id: "email", header: "Email", cell: (i) => i.email, sortValue: (i) => i.email, className: "font-medium text-slate-900" },
          { id: "role", header: "Role", cell: (i) => <Badge>{i.role.toLowerCase()}</Badge> },
          {
            id: "expires",
            header: "Expires",
            cell: (i) => i.expiresAt.toLocaleDateString(),
            sortValue: (i) => i.expiresAt,
            className: "text-slate-500",
          },
          {
            id: "actions",
            header: "",
            align: "right",
            cell: (i) =>
              onWithdraw ? (
                <Button variant="ghost" size="sm" onClick={() => onWithdraw(i.id)}>
                  Withdraw
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
