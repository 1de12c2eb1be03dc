"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Input, Notice, Table, Td } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

/** Source addresses a token-less syslog sender is attributed by (one organization per address). */
export function SyslogSources() {
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.deliverability.syslogSources.queryOptions());
  const [address, setAddress] = useState("");
  const [label, setLabel] = useState("");
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.deliverability.syslogSources.queryKey() });
  const add = useMutation(
    trpc.deliverability.addSyslogSource.mutationOptions({
      onSuccess: async () => {
        setAddress("");
        setLabel("");
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.deliverability.removeSyslogSource.mutationOptions({ onSuccess: refresh }));
  const canWrite = org.can("apikeys.write");
  const rows = list.data ?? [];
  return (
    <div>
      <p className="font-medium text-slate-800">Syslog without a token</p>
      <p>
        If your MTA cannot add the token, register the addresses it sends syslog from: messages without a token from these addresses are yours. An address belongs to one
        organization only. Prefer the token over UDP, whose source addresses can be forged.
      </p>
      {list.error ? <Notice>{errorMessage(list.error)}</Notice> : null}
      {rows.length > 0 ? (
        <div className="mt-2">
          <Table head={["Address", "Label", ""]}>
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="font-mono text-xs">{r.address}</Td>
                <Td>{r.label || "–"}</Td>
                <Td className="text-right">
                  {canWrite ? (
                    <Button variant="secondary" size="sm" loading={remove.isPending && remove.variables.id === r.id} onClick={() => remove.mutate({ id: r.id })}>
                      Remove
                    </Button>
                  ) : null}
                </Td>
              </tr>
            ))}
          </Table>
        </div>
      ) : (
        <p className="mt-2 text-slate-400">No addresses registered.</p>
      )}
      {add.error ? <Notice>{errorMessage(add.error)}</Notice> : null}
      {remove.error ? <Notice>{errorMessage(remove.error)}</Notice> : null}
      {canWrite ? (
        <form
          className="mt-2 flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ address, label });
          }}
        >
          <Input aria-label="Source address" placeholder="192.0.2.25 or 2001:db8::25" value={address} onChange={(e) => setAddress(e.target.value)} className="w-64" />
          <Input aria-label="Label" placeholder="mx1 (optional)" value={label} onChange={(e) => setLabel(e.target.value)} className="w-48" />
          <Button type="submit" variant="secondary" size="sm" loading={add.isPending} disabled={address.trim() === ""}>
            Add address
          </Button>
        </form>
      ) : null}
    </div>
  );
}
