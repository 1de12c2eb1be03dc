"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, Field, Input, Notice, PageHeader } from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

export default function OrganizationSettingsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(org.name);
  const update = useMutation(trpc.organization.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const leave = useMutation(trpc.organization.leave.mutationOptions({ onSuccess: () => router.push("/") }));
  const canWrite = org.can("org.write");
  return (
    <>
      <PageHeader title="Organization" description="Name and membership of this organization." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="General" description={canWrite ? undefined : "Read-only for your role."} />
          <CardBody>
            <form
              className="grid max-w-xl gap-4"
              onSubmit={(e) => {
                e.preventDefault();
                update.mutate({ name });
              }}
            >
              <Field label="Name" htmlFor="org-name">
                <Input id="org-name" value={name} disabled={!canWrite} onChange={(e) => setName(e.target.value)} required />
              </Field>
              <Field label="Address" htmlFor="org-slug" hint="Part of every link; it cannot change.">
                <Input id="org-slug" value={org.slug} disabled />
              </Field>
              {update.error ? <Notice>{errorMessage(update.error)}</Notice> : null}
              {update.isSuccess ? <Notice tone="green">Saved.</Notice> : null}
              {canWrite ? (
                <div>
                  <Button type="submit" loading={update.isPending}>
                    Save
                  </Button>
                </div>
              ) : null}
            </form>
          </CardBody>
        </Card>
        <Card className="border-red-200">
          <CardHeader
            title="Leave this organization"
            description={
              org.role === "OWNER"
                ? "As the owner, transfer ownership to another member first (Members page)."
                : "You lose access at once; an admin can invite you again."
            }
            actions={
              org.role !== "OWNER" ? (
                <ConfirmButton onConfirm={() => leave.mutate()} confirmLabel="Leave" loading={leave.isPending}>
                  Leave
                </ConfirmButton>
              ) : null
            }
          />
          {leave.error ? (
            <CardBody>
              <Notice>{errorMessage(leave.error)}</Notice>
            </CardBody>
          ) : null}
        </Card>
      </div>
    </>
  );
}
