"use client";

import { Button } from "@inboxwatch/ui";

import { Logo } from "~/components/logo";

/** Anything a page throws lands here: say so plainly, offer a retry, never show a stack. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-6 py-16 text-center">
      <Logo className="text-lg" />
      <h1 className="mt-10 text-3xl font-semibold tracking-tight text-slate-900">Something went wrong</h1>
      <p className="mt-3 max-w-md text-slate-500">
        We could not load this page. Try again; if it keeps happening, tell us the reference below.
      </p>
      {error.digest ? <code className="mt-3 rounded bg-slate-100 px-2 py-1 text-xs text-slate-600">ref {error.digest}</code> : null}
      <Button className="mt-8" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
