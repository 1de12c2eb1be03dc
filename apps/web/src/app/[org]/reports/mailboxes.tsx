"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";

import { Badge, Button, Card, CardBody, CardHeader, Field, Input, LoadingRows, Notice, Select, Table, Td } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

const TLS_MODES = { TLS: "TLS (port 993)", STARTTLS: "STARTTLS (port 143)", NONE: "None (plaintext; only on a trusted network)" } as const;
type TlsMode = keyof typeof TLS_MODES;
const DEFAULT_PORT: Record<TlsMode, number> = { TLS: 993, STARTTLS: 143, NONE: 143 };

const when = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") : "never");

/** How often the card re-reads the mailboxes while a requested poll has not reported back. */
const POLL_REFRESH_MS = 2_000;
/** After this long without a new poll, stop re-reading and say so (the worker may be down). */
const POLL_WAIT_MAX_MS = 3 * 60 * 1000;
/** requestedAt comes from the web process, lastPollAt from the worker: tolerate a little clock skew. */
const POLL_CLOCK_SLACK_MS = 1_000;

/** A "Poll now" the card is waiting on: when it was asked, whether it queued a job, the count before it. */
type PollWait = { requestedAt: Date; queued: boolean; ingestedBefore: number; gaveUp: boolean };
type MailboxPollState = { id: string; lastPollAt: Date | string | null };

const polledSince = (lastPollAt: Date | string | null, requestedAt: Date) =>
  lastPollAt !== null && new Date(lastPollAt).getTime() >= requestedAt.getTime() - POLL_CLOCK_SLACK_MS;
const isWaiting = (m: MailboxPollState, wait: PollWait | undefined) =>
  wait !== undefined && !wait.gaveUp && !polledSince(m.lastPollAt, wait.requestedAt);

/**
 * IMAP mailboxes polled for reports: where the customer's rua/ruf/FBL mail already lands. Messages are
 * moved to the processed folder once stored; one that fails three polls goes to the quarantine folder.
 */
export function ReportMailboxes() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [polls, setPolls] = useState<Record<string, PollWait>>({});
  // Re-read every few seconds only while a requested poll has not reported back.
  const list = useQuery({
    ...trpc.reports.mailboxes.list.queryOptions(),
    refetchInterval: (query) => ((query.state.data ?? []).some((m) => isWaiting(m, polls[m.id])) ? POLL_REFRESH_MS : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.reports.mailboxes.list.queryKey() });
  const [adding, setAdding] = useState(false);
  const [tested, setTested] = useState<Record<string, { ok: boolean; message: string }>>({});
  const test = useMutation(trpc.reports.mailboxes.test.mutationOptions({ onSuccess: (r, v) => setTested((t) => ({ ...t, [v.id]: r })) }));
  const remove = useMutation(trpc.reports.mailboxes.remove.mutationOptions({ onSuccess: refresh }));
  const toggle = useMutation(trpc.reports.mailboxes.setEnabled.mutationOptions({ onSuccess: refresh }));
  const poll = useMutation(
    trpc.reports.mailboxes.poll.mutationOptions({
      onSuccess: (r, v) => {
        const requestedAt = new Date(r.requestedAt);
        const ingestedBefore = list.data?.find((m) => m.id === v.id)?.ingestedCount ?? 0;
        setPolls((p) => ({ ...p, [v.id]: { requestedAt, queued: r.queued, ingestedBefore, gaveUp: false } }));
        const giveUp = () =>
          setPolls((p) => {
            const current = p[v.id];
            return current?.requestedAt === requestedAt ? { ...p, [v.id]: { ...current, gaveUp: true } } : p;
          });
        setTimeout(giveUp, POLL_WAIT_MAX_MS);
        void refresh();
      },
    }),
  );
  const canWrite = org.can("reports.write");
  const mutationError = test.error ?? remove.error ?? toggle.error ?? poll.error;

  return (
    <Card>
      <CardHeader
        title="IMAP mailboxes"
        description="Already receive reports in a mailbox? We poll it every 5 minutes, store each report, then move the message to the processed folder."
        actions={
          canWrite && !adding ? (
            <Button size="sm" onClick={() => setAdding(true)}>
              Add mailbox
            </Button>
          ) : null
        }
      />
      {list.error ? <Notice>{errorMessage(list.error)}</Notice> : null}
      {mutationError ? <Notice>{errorMessage(mutationError)}</Notice> : null}
      {adding ? (
        <CardBody>
          <MailboxForm
            onDone={() => {
              setAdding(false);
              void refresh();
            }}
          />
        </CardBody>
      ) : null}
      {list.isPending ? (
        <LoadingRows />
      ) : !list.data?.length ? (
        adding ? null : (
          <CardBody>
            <p className="text-sm text-slate-500">
              No mailbox yet.{" "}
              {canWrite
                ? "Add the mailbox your DMARC rua= or feedback loops deliver to, or send reports to the addresses below instead."
                : "Ask an admin to add one."}
            </p>
          </CardBody>
        )
      ) : (
        <Table head={["Mailbox", "Folders", "Last poll", "Reports", "Status", ""]}>
          {list.data.map((m) => (
            <tr key={m.id}>
              <Td className="max-w-72 whitespace-normal break-words">
                <div className="font-medium text-slate-900">{m.username}</div>
                <div className="text-xs text-slate-500">
                  {m.host}:{m.port} · {m.tlsMode.toLowerCase()}
                </div>
              </Td>
              <Td className="whitespace-normal text-xs">
                {m.sourceFolder} → {m.processedFolder}
                <div className="text-slate-500">quarantine: {m.quarantineFolder}</div>
              </Td>
              <Td className="text-xs">
                {when(m.lastPollAt)}
                {m.lastSuccessAt && m.lastError ? <div className="text-slate-500">last success {when(m.lastSuccessAt)}</div> : null}
              </Td>
              <Td className="text-xs">
                <div>{m.ingestedCount} stored</div>
                <div className="text-slate-500">{m.quarantinedCount} quarantined</div>
              </Td>
              {/* Errors are long sentences: this column wraps, so the actions stay in view. */}
              <Td className="min-w-40 max-w-xs whitespace-normal break-words text-xs">
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
                {tested[m.id] ? (
                  <div className={`mt-1 ${tested[m.id]?.ok ? "text-emerald-700" : "text-red-700"}`}>{tested[m.id]?.message}</div>
                ) : null}
                <PollOutcome mailbox={m} wait={polls[m.id]} />
                <FailedMessages messages={m.messages} />
              </Td>
              <Td className="text-right">
                {canWrite ? (
                  <div className="ml-auto flex w-max flex-col items-stretch gap-1.5">
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={!m.enabled}
                      title={m.enabled ? "Fetch waiting reports now instead of at the next 5-minute poll" : "Resume the mailbox to poll it"}
                      loading={(poll.isPending && poll.variables.id === m.id) || isWaiting(m, polls[m.id])}
                      onClick={() => poll.mutate({ id: m.id })}
                    >
                      Poll now
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={test.isPending && test.variables.id === m.id}
                      onClick={() => test.mutate({ id: m.id })}
                    >
                      Test connection
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => toggle.mutate({ id: m.id, enabled: !m.enabled })}>
                      {m.enabled ? "Pause" : "Resume"}
                    </Button>
                    <Button
                      size="sm"
                      variant="danger"
                      onClick={() => confirm(`Stop polling ${m.username}? Stored reports are kept.`) && remove.mutate({ id: m.id })}
                    >
                      Remove
                    </Button>
                  </div>
                ) : null}
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

/** What became of a "Poll now": waiting, the worker silent, or the poll's result once lastPollAt passes the request. */
function PollOutcome({
  mailbox,
  wait,
}: {
  mailbox: MailboxPollState & { lastError: string | null; ingestedCount: number };
  wait: PollWait | undefined;
}) {
  if (!wait) return null;
  if (polledSince(mailbox.lastPollAt, wait.requestedAt)) {
    if (mailbox.lastError) return <div className="mt-1 text-red-700">Polled {when(mailbox.lastPollAt)}: failed (see the error above).</div>;
    const stored = mailbox.ingestedCount - wait.ingestedBefore;
    return (
      <div className="mt-1 text-emerald-700">
        Polled {when(mailbox.lastPollAt)}: {stored === 0 ? "no new reports" : `${stored} new report(s) stored`}.
      </div>
    );
  }
  if (wait.gaveUp) return <div className="mt-1 text-amber-700">No poll yet: is the worker running?</div>;
  return <div className="mt-1 text-slate-500">{wait.queued ? "Poll queued…" : "A poll is already queued or running…"}</div>;
}

type FailedMessage = {
  id: string;
  messageKey: string;
  subject: string | null;
  attempts: number;
  lastError: string;
  quarantinedAt: Date | string | null;
};

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

function MailboxForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [tlsMode, setTlsMode] = useState<TlsMode>("TLS");
  const [port, setPort] = useState("993");
  const create = useMutation(trpc.reports.mailboxes.create.mutationOptions({ onSuccess: onDone }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const raw = (name: string) => {
      const value = f.get(name);
      return typeof value === "string" ? value : "";
    };
    const text = (name: string) => raw(name).trim();
    create.mutate({
      host: text("host"),
      port: Number(port),
      tlsMode,
      username: text("username"),
      password: raw("password"),
      sourceFolder: text("sourceFolder") || undefined,
      processedFolder: text("processedFolder") || undefined,
      quarantineFolder: text("quarantineFolder") || undefined,
    });
  }
  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2">
      <Field label="IMAP server" htmlFor="mb-host">
        <Input id="mb-host" name="host" required placeholder="imap.example.com" />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Security" htmlFor="mb-tls">
          <Select
            id="mb-tls"
            value={tlsMode}
            onChange={(e) => {
              const mode = e.target.value as TlsMode;
              setTlsMode(mode);
              setPort(String(DEFAULT_PORT[mode]));
            }}
          >
            {(Object.keys(TLS_MODES) as TlsMode[]).map((m) => (
              <option key={m} value={m}>
                {TLS_MODES[m]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Port" htmlFor="mb-port">
          <Input id="mb-port" type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} required />
        </Field>
      </div>
      <Field label="Username" htmlFor="mb-user">
        <Input id="mb-user" name="username" required autoComplete="off" placeholder="dmarc@example.com" />
      </Field>
      <Field
        label="Password"
        htmlFor="mb-pass"
        hint="Stored encrypted; never shown again. Use an app password where the provider offers one."
      >
        <Input id="mb-pass" name="password" type="password" required autoComplete="new-password" />
      </Field>
      <Field label="Folder to read" htmlFor="mb-src">
        <Input id="mb-src" name="sourceFolder" placeholder="INBOX" />
      </Field>
      <Field label="Move stored reports to" htmlFor="mb-done" hint="Created if missing; “/” separates levels.">
        <Input id="mb-done" name="processedFolder" placeholder="Inboxwatch/Processed" />
      </Field>
      <Field label="Move failing messages to" htmlFor="mb-q" hint="After 3 failed polls, with the reason shown here.">
        <Input id="mb-q" name="quarantineFolder" placeholder="Inboxwatch/Quarantine" />
      </Field>
      <div className="flex items-end gap-2 sm:col-span-2">
        <Button type="submit" loading={create.isPending}>
          Save mailbox
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {create.error ? (
        <div className="sm:col-span-2">
          <Notice>{errorMessage(create.error)}</Notice>
        </div>
      ) : null}
    </form>
  );
}
