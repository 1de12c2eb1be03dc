"use client";

import { useActionState } from "react";

import { Button, Notice } from "@inboxwatch/ui";

import { consumeMagicLinkAction, type FormState } from "~/server/auth-actions";

/** A button, not an automatic sign-in: mail scanners that prefetch links must not burn the single-use token. */
export function MagicForm({ token, next }: { token: string; next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(consumeMagicLinkAction, {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="next" value={next ?? "/"} />
      {state.error ? <Notice>{state.error}</Notice> : null}
      <Button type="submit" loading={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
