import Link from "next/link";

import { buttonClass } from "@inboxwatch/ui";

import { Logo } from "~/components/logo";

export default function NotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-6 py-16 text-center">
      <Logo className="text-lg" />
      <p className="mt-10 text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">Nothing here</h1>
      <p className="mt-3 max-w-md text-slate-500">This page does not exist, or it belongs to an organization you are not a member of.</p>
      <Link href="/" className={`${buttonClass()} mt-8`}>
        Back to your dashboard
      </Link>
    </main>
  );
}
