"use client";

import { useActionState } from "react";

import { Button, Field, Input, Notice } from "@inboxwatch/ui";

import { signupAction, type FormState } from "~/server/auth-actions";

export function SignupForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signupAction, {});
  if (state.ok) {
    return (
      <div className="space-y-3" role="status">
        <Notice tone="green">{state.ok}</Notice>
        <p className="text-sm text-slate-600">
          The link works once, for 24 hours. No mail after a few minutes? Check your spam folder, or sign in with this address and password:
          that sends a new confirmation link.
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Your name" htmlFor="name">
        <Input id="name" name="name" autoComplete="name" />
      </Field>
      <Field label="Work email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" defaultValue={email} required />
      </Field>
      <Field label="Password" htmlFor="password" hint="At least 10 characters.">
        <Input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      {state.error ? <Notice>{state.error}</Notice> : null}
      <Button type="submit" loading={pending} className="w-full">
        Create account
      </Button>
    </form>
  );
}
