"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  Field,
  Input,
  LoadingRows,
  Notice,
  PageHeader,
  Select,
  Table,
  Td,
} from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

const ASSIGNABLE = ["ADMIN", "OPS", "MARKETING", "VIEWER"] as const;
type AssignableRole = (typeof ASSIGNABLE)[number];
const ROLE_HELP: Record<AssignableRole, string> = {
  ADMIN: "Everything but billing and deleting the organization",
  OPS: "Servers, domains, IPs, alerts; reads API keys and the audit log",
  MARKETING: "Domains, reports and alerts",
  VIEWER: "Sees everything, changes nothing",
};
const label = (r: string) => r.charAt(0) + r.slice(1).toLowerCase();

function InviteCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<AssignableRole>("VIEWER");
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async () => {
        setEmail("");
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader
        title="Invite a teammate"
        description="They get an email with a link valid for 7 days, usable once, by that address only."
      />
      <CardBody>
        <form
          className="grid items-end gap-4 sm:grid-cols-[1fr_12rem_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ email, role });
          }}
        >
          <Field label="Email" htmlFor="invite-email">
            <Input
              id="invite-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              placeholder="colleague@company.com"
            />
          </Field>
          <Field label="Role" htmlFor="invite-role">
            <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as AssignableRole)}>
              {ASSIGNABLE.map((r) => (
                <option key={r} value={r}>
                  {label(r)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" loading={invite.isPending}>
            Send invitation
          </Button>
        </form>
        <p className="mt-2 text-xs text-slate-500">{ROLE_HELP[role]}.</p>
        {invite.error ? (
          <div className="mt-3">
            <Notice>{errorMessage(invite.error)}</Notice>
          </div>
        ) : null}
        {invite.data ? (
          <div className="mt-3">
            <Notice tone="green" title={`Invitation sent to ${invite.data.email}`}>
              You can also share this link with them: <code className="break-all text-xs">{invite.data.url}</code>
            </Notice>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}

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
    <>
      <PageHeader title="Members" description="Who can see and change this organization. Roles decide what each person may do." />
      <div className="space-y-6">
        {canWrite ? <InviteCard /> : null}
        {error ? <Notice>{errorMessage(error)}</Notice> : null}
        <Card>
          <CardHeader title="Members" description={members.data ? `${members.data.length} in ${org.name}` : undefined} />
          {!members.data ? (
            <CardBody>{members.error ? <Notice>{errorMessage(members.error)}</Notice> : <LoadingRows />}</CardBody>
          ) : (
            <Table head={["Person", "Role", "Joined", ""]}>
              {members.data.map((m) => {
                const isMe = m.user.id === me.data?.id;
                const editable = canWrite && !isMe && m.role !== "OWNER";
                return (
                  <tr key={m.id}>
                    <Td>
                      <div className="font-medium text-slate-900">{m.user.name ?? m.user.email}</div>
                      {m.user.name ? <div className="text-xs text-slate-500">{m.user.email}</div> : null}
                    </Td>
                    <Td>
                      {editable ? (
                        <Select
                          aria-label={`Role of ${m.user.email}`}
                          value={m.role}
                          className="w-36"
                          onChange={(e) => changeRole.mutate({ membershipId: m.id, role: e.target.value as AssignableRole })}
                        >
                          {ASSIGNABLE.map((r) => (
                            <option key={r} value={r}>
                              {label(r)}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <Badge tone={m.role === "OWNER" ? "blue" : "slate"}>{m.role.toLowerCase()}</Badge>
                      )}
                      {isMe ? <span className="ml-2 text-xs text-slate-500">you</span> : null}
                    </Td>
                    <Td className="text-slate-500">{m.createdAt.toLocaleDateString()}</Td>
                    <Td className="text-right">
                      <span className="inline-flex gap-2">
                        {org.role === "OWNER" && !isMe ? (
                          <ConfirmButton
                            onConfirm={() => transfer.mutate({ membershipId: m.id })}
                            confirmLabel="Make owner"
                            loading={transfer.isPending}
                          >
                            Transfer ownership
                          </ConfirmButton>
                        ) : null}
                        {editable ? (
                          <ConfirmButton
                            onConfirm={() => remove.mutate({ membershipId: m.id })}
                            confirmLabel="Remove"
                            loading={remove.isPending}
                          >
                            Remove
                          </ConfirmButton>
                        ) : null}
                      </span>
                    </Td>
                  </tr>
                );
              })}
            </Table>
          )}
        </Card>
        {invitations.data && invitations.data.length > 0 ? (
          <Card>
            <CardHeader title="Pending invitations" />
            <Table head={["Email", "Role", "Expires", ""]}>
              {invitations.data.map((i) => (
                <tr key={i.id}>
                  <Td className="font-medium text-slate-900">{i.email}</Td>
                  <Td>
                    <Badge>{i.role.toLowerCase()}</Badge>
                  </Td>
                  <Td className="text-slate-500">{i.expiresAt.toLocaleDateString()}</Td>
                  <Td className="text-right">
                    {canWrite ? (
                      <Button variant="ghost" size="sm" onClick={() => revoke.mutate({ id: i.id })}>
                        Withdraw
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </Table>
          </Card>
        ) : null}
      </div>
    </>
  );
}
