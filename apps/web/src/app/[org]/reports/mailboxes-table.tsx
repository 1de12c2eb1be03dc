"use client";

import { Badge, Button, DataTable, type DataColumn } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";
import { isWaiting, PollOutcome, when, type PollWait } from "./mailbox-poll";

type Mailbox = RouterOutputs["reports"]["mailboxes"]["list"][number];
type FailedMessage = Mailbox["messages"][number];

/** What a row's buttons do, and which one is busy for which mailbox. */
export interface MailboxActions {
  canWrite: boolean;
  polls: Record<string, PollWait>;
  tested: Record<string, { ok: boolean; message: string }>;
  busy: { poll: string | null; test: string | null };
  poll: (m: Mailbox) => void;
  test: (m: Mailbox) => void;
  toggle: (m: Mailbox) => void;
  remove: (m: Mailbox) => void;
}

export function MailboxesTable({ rows, actions: a }: { rows: Mailbox[]; actions: MailboxActions }) {
  const columns: DataColumn<Mailbox>[] = [
    {
      id: "mailbox",
      header: "Mailbox",
      className: "max-w-72 whitespace-normal break-words",
      cell: (m) => (
        <>
          <div className="font-medium text-slate-900">{m.username}</div>
          <div className="text-xs text-slate-500">
            {m.host}:{m.port} · {m.tlsMode.toLowerCase()}
          </div>
        </>
      ),
    },
    {
      id: "folders",
      header: "Folders",
      className: "whitespace-normal text-xs",
      cell: (m) => (
        <>
          {m.sourceFolder} → {m.processedFolder}
          <div className="text-slate-500">quarantine: {m.quarantineFolder}</div>
        </>
      ),
    },
    {
      id: "lastPoll",
      header: "Last poll",
      className: "text-xs",
      cell: (m) => (
        <>
          {when(m.lastPollAt)}
          {m.lastSuccessAt && m.lastError ? <div className="text-slate-500">last success {when(m.lastSuccessAt)}</div> : null}
        </>
      ),
    },
    {
      id: "reports",
      header: "Reports",
      className: "text-xs",
      cell: (m) => (
        <>
          <div>{m.ingestedCount} stored</div>
          <div className="text-slate-500">{m.quarantinedCount} quarantined</div>
        </>
      ),
    },
    // Errors are long sentences: this column wraps, so the actions stay in view.
    {
      id: "status",
      header: "Status",
      className: "min-w-40 max-w-xs whitespace-normal break-words text-xs",
      cell: (m) => <MailboxStatus mailbox={m} actions={a} />,
    },
    { id: "actions", header: "", align: "right", cell: (m) => (a.canWrite ? <MailboxButtons mailbox={m} actions={a} /> : null) },
  ];
  return (
    <DataTable
      card={false}
      caption="IMAP mailboxes polled for reports"
      columns={columns}
      rows={rows}
      rowKey={(m) => m.id}
      pageSize={0}
      empty={{ title: "No mailbox yet" }}
    />
  );
}

function MailboxStatus({ mailbox: m, actions: a }: { mailbox: Mailbox; actions: MailboxActions }) {
  const tested = a.tested[m.id];
  return (
    <>
      {!m.enabled ? (
        <Badge>paused</Badge>
      ) : m.lastError ? (
        <Badge tone="red">error</Badge>
      ) : m.lastPollAt ? (
        <Badge tone="green">ok</Badge>
      ) : (
        <Badge tone="blue">waiting</Badge>
      )}
      {m.lastError ? <div className="mt-1 text-red-700">{m.lastError}</div> : null}
      {tested ? <div className={`mt-1 ${tested.ok ? "text-emerald-700" : "text-red-700"}`}>{tested.message}</div> : null}
      <PollOutcome mailbox={m} wait={a.polls[m.id]} />
      <FailedMessages messages={m.messages} />
    </>
  );
}

function MailboxButtons({ mailbox: m, actions: a }: { mailbox: Mailbox; actions: MailboxActions }) {
  return (
    <div className="ml-auto flex w-max flex-col items-stretch gap-1.5">
      <Button
        size="sm"
        variant="secondary"
        disabled={!m.enabled}
        title={m.enabled ? "Fetch waiting reports now instead of at the next 5-minute poll" : "Resume the mailbox to poll it"}
        loading={a.busy.poll === m.id || isWaiting(m, a.polls[m.id])}
        onClick={() => a.poll(m)}
      >
        Poll now
      </Button>
      <Button size="sm" variant="secondary" loading={a.busy.test === m.id} onClick={() => a.test(m)}>
        Test connection
      </Button>
      <Button size="sm" variant="ghost" onClick={() => a.toggle(m)}>
        {m.enabled ? "Pause" : "Resume"}
      </Button>
      <Button size="sm" variant="danger" onClick={() => a.remove(m)}>
        Remove
      </Button>
    </div>
  );
}

function FailedMessages({ messages }: { messages: FailedMessage[] }) {
  if (!messages.length) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-slate-600">{messages.length} message(s) failed</summary>
      <ul className="mt-1 space-y-1">
        {messages.map((f) => (
          <li key={f.id}>
            <span className="font-medium">{f.subject ?? f.messageKey}</span> —{" "}
            {f.quarantinedAt ? "quarantined" : `${f.attempts} of 3 attempts`}: {f.lastError}
          </li>
        ))}
      </ul>
    </details>
  );
}
