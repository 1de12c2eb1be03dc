"use client";

import { useActionState } from "react";

import { Button, Field, Input, Notice } from "@inboxwatch/ui";

import { loginAction, magicLinkAction, oauthAction, type FormState } from "~/server/auth-actions";

export function LoginForms({ callbackUrl, providers, initialError }: { callbackUrl: string; providers: string[]; initialError?: string }) {
  const [state, login, loggingIn] = useActionState<FormState, FormData>(loginAction, initialError ? { error: initialError } : {});
  const [magic, sendLink, sending] = useActionState<FormState, FormData>(magicLinkAction, {});
  return (
    <div className="space-y-6">
      <form action={login} className="space-y-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field label="Email" htmlFor="email">
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Password" htmlFor="password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        {state.error ? <Notice>{state.error}</Notice> : null}
        <Button type="submit" loading={loggingIn} className="w-full">
          Sign in
        </Button>
      </form>

      <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500">
        <div className="h-px flex-1 bg-slate-200" />
        or
        <div className="h-px flex-1 bg-slate-200" />
      </div>

      <form action={sendLink} className="space-y-3">
        <Field label="Email me a sign-in link" htmlFor="magic-email">
          <Input id="magic-email" name="email" type="email" placeholder="you@company.com" required />
        </Field>
        {magic.error ? <Notice>{magic.error}</Notice> : null}
        {magic.ok ? <Notice tone="green">{magic.ok}</Notice> : null}
        <Button type="submit" variant="secondary" loading={sending} className="w-full">
          Send link
        </Button>
      </form>

      {providers.length > 0 ? (
        <div className="space-y-2">
          {providers.map((p) => (
            <form key={p} action={oauthAction}>
              <input type="hidden" name="provider" value={p} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <Button type="submit" variant="secondary" className="w-full">
                Continue with {p === "github" ? "GitHub" : "Google"}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </div>
  );
}
