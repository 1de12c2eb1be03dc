"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, LoadingRows, Notice, useConfirm } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { MailboxForm } from "./mailbox-form";
import { isWaiting, POLL_REFRESH_MS, usePollWaits } from "./mailbox-poll";
import { MailboxesTable, type MailboxActions } from "./mailboxes-table";

/**
 * IMAP mailboxes polled for reports: where the customer's rua/ruf/FBL mail already lands. Messages are
 * moved to the processed folder once stored; one that fails three polls goes to the quarantine folder.
 */
export function ReportMailboxes() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { polls, started } = usePollWaits();
  // Re-read every few seconds only while a requested poll has not reported back.
  const list = useQuery({
    ...trpc.reports.mailboxes.list.queryOptions(),
    refetchInterval: (query) => ((query.state.data ?? []).some((m) => isWaiting(m, polls[m.id])) ? POLL_REFRESH_MS : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.reports.mailboxes.list.queryKey() });
  const [adding, setAdding] = useState(false);
  const [tested, setTested] = useState<Record<string, { ok: boolean; message: string }>>({});
  const [confirm, confirmDialog] = useConfirm();
  const test = useMutation(trpc.reports.mailboxes.test.mutationOptions({ onSuccess: (r, v) => setTested((t) => ({ ...t, [v.id]: r })) }));
  const remove = useMutation(trpc.reports.mailboxes.remove.mutationOptions({ onSuccess: refresh }));
  const toggle = useMutation(trpc.reports.mailboxes.setEnabled.mutationOptions({ onSuccess: refresh }));
  const poll = useMutation(
    trpc.reports.mailboxes.poll.mutationOptions({
      onSuccess: (r, v) => {
        started(v.id, r, list.data?.find((m) => m.id === v.id)?.ingestedCount ?? 0);
        void refresh();
      },
    }),
  );
  const canWrite = org.can("reports.write");
  const mutationError = test.error ?? remove.error ?? toggle.error ?? poll.error;
  const actions: MailboxActions = {
    canWrite,
    polls,
    tested,
    busy: { poll: poll.isPending ? poll.variables.id : null, test: test.isPending ? test.variables.id : null },
    poll: (m) => poll.mutate({ id: m.id }),
    test: (m) => test.mutate({ id: m.id }),
    toggle: (m) => toggle.mutate({ id: m.id, enabled: !m.enabled }),
    // Asked in the kit's dialog; the mailbox's stored reports stay either way.
    remove: (m) =>
      void confirm({ title: `Stop polling ${m.username}?`, message: "Stored reports are kept.", confirmLabel: "Remove mailbox" }).then(
        (yes) => yes && remove.mutate({ id: m.id }),
      ),
  };

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
      {confirmDialog}
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
        <MailboxesTable rows={list.data} actions={actions} />
      )}
    </Card>
  );
}
