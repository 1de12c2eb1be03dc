import { notFound } from "next/navigation";

import { getDb } from "@inboxwatch/db";
import { systemContext } from "@inboxwatch/services";
import { isOutboxMode, listOutbox } from "@inboxwatch/services/mail";
import { Card, EmptyState, PageHeader } from "@inboxwatch/ui";

import { env } from "~/env";

export const metadata = { title: "Development outbox" };
export const dynamic = "force-dynamic";

/** Mail the platform would have sent. Exists only while no SMTP transport is configured (SMTP_URL unset). */
export default async function OutboxPage() {
  env();
  if (!isOutboxMode()) notFound();
  const messages = await listOutbox(systemContext(getDb(), "outbox page"));
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <PageHeader
        title="Development outbox"
        description="SMTP_URL is not set, so outgoing mail lands here (and in the server log) instead of being sent."
      />
      {messages.length === 0 ? (
        <EmptyState title="No mail yet">Sign-in links and invitations will appear here.</EmptyState>
      ) : (
        <div className="space-y-4">
          {messages.map((m) => (
            <Card key={m.id} className="p-5">
              <article data-to={m.to}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className="font-semibold text-slate-900">{m.subject}</h2>
                  <time className="text-xs text-slate-500">{m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
                </div>
                <div className="mt-1 text-sm text-slate-500">To: {m.to}</div>
                <pre className="mt-3 whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 text-sm text-slate-700">{m.text}</pre>
              </article>
            </Card>
          ))}
        </div>
      )}
    </main>
  );
}
