"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, Field, Input, Notice, PageHeader } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

export default function AccountPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      // A password change revokes every session, this one included: sign in again with the new password.
      onSuccess: () => setTimeout(() => window.location.assign("/login"), 1500),
    }),
  );
  return (
    <>
      <PageHeader title="Your account" description={me.data ? `Signed in as ${me.data.email}` : undefined} />
      <Card className="max-w-xl">
        <CardHeader title="Change password" description="Signs you out everywhere, on every device." />
        <CardBody>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              change.mutate({ currentPassword: current, newPassword: next });
            }}
          >
            <Field label="Current password" htmlFor="current" hint="Leave empty if you only ever signed in with links.">
              <Input id="current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
            </Field>
            <Field label="New password" htmlFor="new" hint="At least 10 characters.">
              <Input id="new" type="password" autoComplete="new-password" minLength={10} required value={next} onChange={(e) => setNext(e.target.value)} />
            </Field>
            {change.error ? <Notice>{errorMessage(change.error)}</Notice> : null}
            {change.isSuccess ? <Notice tone="green">Password changed. Signing you out…</Notice> : null}
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </form>
        </CardBody>
      </Card>
    </>
  );
}
