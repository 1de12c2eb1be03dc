"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Input, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { SyslogSourcesTable, type SourceActions } from "./syslog-sources-table";

/**
 * The line proof a pending address needs (infra/decisions/0005-syslog-source-proof.md): one line carrying the
 * organization's token, over TCP, from that address. util-linux `logger` on the MTA host sends exactly that.
 */
const PROOF_COMMAND = `logger --tcp --server <inboxwatch-host> --port <syslog-port> \\
       --tag "$INBOXWATCH_SYSLOG_TOKEN.check" "Inboxwatch source check"`;

/**
 * Source addresses a token-less syslog sender is attributed by: each is claimed, then proven by a tokened
 * line from it or a TXT record under its PTR name (one organization per verified address).
 */
export function SyslogSources({ tokenPrefix }: { tokenPrefix: string | null }) {
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.deliverability.syslogSources.list.queryOptions());
  const [draft, setDraft] = useState({ address: "", label: "" });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.deliverability.syslogSources.list.queryKey() });
  const add = useMutation(
    trpc.deliverability.syslogSources.create.mutationOptions({
      onSuccess: async () => {
        setDraft({ address: "", label: "" });
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.deliverability.syslogSources.remove.mutationOptions({ onSuccess: refresh }));
  /** The last "Check now" answer per address: what was looked up and what was missing. */
  const [checked, setChecked] = useState<Record<string, string>>({});
  const check = useMutation(
    trpc.deliverability.syslogSources.checkDns.mutationOptions({
      onSuccess: async (result, input) => {
        setChecked((c) => ({ ...c, [input.id]: result.detail }));
        await refresh();
      },
    }),
  );
  const canWrite = org.can("apikeys.write");
  const rows = list.data ?? [];
  const actions: SourceActions = {
    canWrite,
    tokenPrefix,
    checked,
    busy: {
      check: check.isPending ? check.variables.id : null,
      add: add.isPending ? add.variables.address : null,
      remove: remove.isPending ? remove.variables.id : null,
    },
    check: (r) => check.mutate({ id: r.id }),
    addAgain: (r) => add.mutate({ address: r.address, label: r.label }),
    remove: (r) => remove.mutate({ id: r.id }),
  };
  return (
    <div>
      <p className="font-medium text-slate-800">Syslog without a token</p>
      <p>
        If your MTA cannot add the token, register the addresses it sends syslog from, then prove each one is yours within 24 hours: send
        one line with your token over TCP from that address, or publish a TXT record under its PTR name. From then on, messages without a
        token from it are yours. The first organization to prove an address gets it. Prefer the token over UDP, whose source addresses can
        be forged.
      </p>
      {list.error ? <Notice>{errorMessage(list.error)}</Notice> : null}
      {rows.length > 0 ? (
        <div className="mt-2">
          <SyslogSourcesTable rows={rows} actions={actions} />
          {rows.some((r) => r.state === "pending") ? <ProofCommand /> : null}
        </div>
      ) : (
        <p className="mt-2 text-slate-500">No addresses registered.</p>
      )}
      {[add.error, remove.error, check.error].map((e, i) => (e ? <Notice key={i}>{errorMessage(e)}</Notice> : null))}
      {canWrite ? (
        <form
          className="mt-2 flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(draft);
          }}
        >
          <Input
            aria-label="Source address"
            placeholder="192.0.2.25 or 2001:db8::25"
            value={draft.address}
            onChange={(e) => setDraft((d) => ({ ...d, address: e.target.value }))}
            className="w-64"
          />
          <Input
            aria-label="Label"
            placeholder="mx1 (optional)"
            value={draft.label}
            onChange={(e) => setDraft((d) => ({ ...d, label: e.target.value }))}
            className="w-48"
          />
          <Button type="submit" variant="secondary" size="sm" loading={add.isPending} disabled={draft.address.trim() === ""}>
            Add address
          </Button>
        </form>
      ) : null}
    </div>
  );
}

function ProofCommand() {
  return (
    <div className="mt-2">
      <p>
        On the MTA host, with your syslog token in <code>$INBOXWATCH_SYSLOG_TOKEN</code> (any syslog sender works if it uses TCP and adds
        the token):
      </p>
      <pre tabIndex={0} className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
        {PROOF_COMMAND}
      </pre>
    </div>
  );
}
