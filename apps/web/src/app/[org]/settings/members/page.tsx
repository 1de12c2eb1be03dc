"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { Card, CardHeader, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { InvitationsCard } from "./invitations-table";
import { InviteCard } from "./invite-card";
import { MembersTable } from "./members-table";

export default function MembersPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions());
  const invitations = useQuery(trpc.invitations.list.queryOptions());
  const me = useQuery(trpc.me.get.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });
  const changeRole = useMutation(trpc.members.setRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  const transfer = useMutation(trpc.organization.transferOwnership.mutationOptions({ onSuccess: () => window.location.reload() }));
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() }),
    }),
  );
  const canWrite = org.can("members.write");
  const error = changeRole.error ?? remove.error ?? transfer.error ?? revoke.error;
  return (
    <Page
      title="Members"
      description="Who can see and change this organization. Roles decide what each person may do."
      breadcrumbs={[{ label: "Settings", href: org.href("settings") }, { label: "Members" }]}
    >
      <div className="space-y-6">
        {canWrite ? <InviteCard /> : null}
        {error ? <Notice>{errorMessage(error)}</Notice> : null}
        <Card>
          <CardHeader title="Members" description={members.data ? `${members.data.length} in ${org.name}` : undefined} />
          <MembersTable
            rows={members.data}
            error={errorMessage(members.error)}
            actions={{
              myUserId: me.data?.id,
              canWrite,
              isOwner: org.role === "OWNER",
              changeRole: (m, role) => changeRole.mutate({ membershipId: m.id, role }),
              transfer: { run: (m) => transfer.mutate({ membershipId: m.id }), pending: transfer.isPending },
              remove: { run: (m) => remove.mutate({ membershipId: m.id }), pending: remove.isPending },
            }}
          />
        </Card>
        <InvitationsCard rows={invitations.data} onWithdraw={canWrite ? (id) => revoke.mutate({ id }) : null} />
      </div>
    </Page>
  );
}
