"use client";

import { useActionState } from "react";

import { Button, Field, Input, Notice } from "@inboxwatch/ui";

import { confirmEmailAction, consumeMagicLinkAction, type FormState } from "~/server/auth-actions";

/**
 * The confirmation link asks for the sign-up password: the link proves the address, the password proves
 * that the person who opened it also chose the password. Someone who did not sign up (or forgot the
 * password) continues without it, and the password set at sign-up is removed.
 */
export function VerifyForms({ token, next }: { token: string; next: string }) {
  const [state, confirm, confirming] = useActionState<FormState, FormData>(confirmEmailAction, {});
  const [other, skip, skipping] = useActionState<FormState, FormData>(consumeMagicLinkAction, {});
  return (
    <div className="space-y-6">
      <form action={confirm} className="space-y-4">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="next" value={next} />
        <Field label="Password" htmlFor="password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required autoFocus />
        </Field>
        {state.error ? <Notice>{state.error}</Notice> : null}
        <Button type="submit" loading={confirming} className="w-full">
          Confirm and sign in
        </Button>
      </form>
      <form action={skip} className="space-y-2 border-t border-slate-200 pt-4">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="next" value={next} />
        <p className="text-sm text-slate-600">
          Did not sign up yourself, or forgot the password? Continue with this link alone: any password set at sign-up is removed, and you
          can choose one later in your account settings.
        </p>
        {other.error ? <Notice>{other.error}</Notice> : null}
        <Button type="submit" variant="secondary" loading={skipping} className="w-full">
          Continue without the password
        </Button>
      </form>
    </div>
  );
}
