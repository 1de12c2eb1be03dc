"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { Button, Card, CardBody, CardHeader, FormError, Notice, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";
import { ASSIGNABLE, ROLE_HELP, ROLE_OPTIONS } from "./roles";

const ZInvite = z.object({ email: z.email("Enter an email address."), role: z.enum(ASSIGNABLE) });
const INITIAL: z.infer<typeof ZInvite> = { email: "", role: "VIEWER" };

/** Invite someone by email with a role; the link is shown too, to share by other means. */
export function InviteCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZInvite, INITIAL);
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async () => {
        form.reset({ email: "", role: form.values.role });
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
          className="grid items-start gap-4 sm:grid-cols-[1fr_12rem_auto]"
          noValidate
          onSubmit={form.handleSubmit((v) => invite.mutate(v))}
        >
          <TextField label="Email" {...form.field("email")} id="invite-email" type="email" required placeholder="colleague@company.com" />
          <SelectField label="Role" {...form.field("role")} id="invite-role" options={ROLE_OPTIONS} />
          <Button type="submit" loading={invite.isPending} className="sm:mt-7">
            Send invitation
          </Button>
        </form>
        <p className="mt-2 text-xs text-slate-500">{ROLE_HELP[form.values.role]}.</p>
        <FormError error={invite.error} className="mt-3" />
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
