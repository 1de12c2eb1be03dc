"use client";

import { useMutation } from "@tanstack/react-query";
import { z } from "zod";

import { Button, Card, CardBody, CardHeader, FormError, Notice, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";

/** The server's own rule is the one that counts; this shows it before the round trip. */
const ZPasswordForm = z.object({ current: z.string(), next: z.string().min(10, "At least 10 characters.") });

/** Change the password (which signs out every session, this one included). */
export function PasswordCard() {
  const trpc = useTRPC();
  const form = useZodForm(ZPasswordForm, { current: "", next: "" });
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      // A password change revokes every session, this one included: sign in again with the new password.
      onSuccess: () => setTimeout(() => window.location.assign("/login"), 1500),
    }),
  );
  return (
    <Card className="max-w-xl">
      <CardHeader title="Change password" description="Signs you out everywhere, on every device." />
      <CardBody>
        <form
          className="space-y-4"
          noValidate
          onSubmit={form.handleSubmit((v) => change.mutate({ currentPassword: v.current, newPassword: v.next }))}
        >
          <TextField
            label="Current password"
            {...form.field("current")}
            type="password"
            autoComplete="current-password"
            hint="Leave empty if you only ever signed in with links."
          />
          <TextField
            label="New password"
            {...form.field("next")}
            id="new"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            hint="At least 10 characters."
          />
          <FormError error={change.error} />
          {change.isSuccess ? <Notice tone="green">Password changed. Signing you out…</Notice> : null}
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
