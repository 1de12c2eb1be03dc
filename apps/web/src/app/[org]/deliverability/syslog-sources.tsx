"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Input, Notice, Table, Td, type Tone } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";

type Source = RouterOutputs["deliverability"]["syslogSources"]["list"][number];

const STATE: Record<Source["state"], { label: string; tone: Tone }> = {
  pending: { label: "Waiting for proof", tone: "amber" },
  expired: { label: "Proof window closed", tone: "slate" },
  verified: { label: "Verified", tone: "green" },
  refused: { label: "Refused", tone: "red" },
};

/**
 * The line proof a pending address needs (infra/decisions/0005-syslog-source-proof.md): one line carrying the
 * organization's token, over TCP, from that address. util-linux `logger` on the MTA host sends exactly that.
 */
const PROOF_COMMAND = `logger --tcp --server <inboxwatch-host> --port <syslog-port> \\
       --tag "$INBOXWATCH_SYSLOG_TOKEN.check" "Inboxwatch source check"`;

function StateDetail({ r, tokenPrefix }: { r: Source; tokenPrefix: string | null }) {
  if (r.state === "verified") {
    return (
      <span>
        since {r.verifiedAt ? new Date(r.verifiedAt).toLocaleString() : "–"}, by{" "}
        {r.verifiedVia === "DNS_TXT" ? "the TXT record under its PTR name" : "a line with your token over TCP from this address"}
      </span>
    );
  }
  if (r.state === "refused")
    return <span>Another organization proved control of this address first. Its token-less lines are not yours.</span>;
  if (r.state === "expired")
    return <span>No proof arrived before {new Date(r.proofBefore).toLocaleString()}. Add it again for a new 24-hour window.</span>;
  return (
    <span>
      Token-less lines from it count once you prove it before {new Date(r.proofBefore).toLocaleString()}; until then they are dropped.
      Either send one line with your token
      {tokenPrefix ? (
        <>
          {" "}
          (<code>{tokenPrefix}…</code>)
        </>
      ) : null}{" "}
      from this address over TCP (it shows here within a minute), or publish the TXT record <code className="break-all">{r.txtValue}</code>{" "}
      at <code>_inboxwatch.</code>&lt;this address&apos;s PTR name&gt; and check it now.
    </span>
  );
}

/**
 * Source addresses a token-less syslog sender is attributed by: each is claimed, then proven by a tokened
 * line from it or a TXT record under its PTR name (one organization per verified address).
 */
export function SyslogSources({ tokenPrefix }: { tokenPrefix: string | null }) {
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.deliverability.syslogSources.list.queryOptions());
  const [address, setAddress] = useState("");
  const [label, setLabel] = useState("");
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.deliverability.syslogSources.list.queryKey() });
  const add = useMutation(
    trpc.deliverability.syslogSources.create.mutationOptions({
      onSuccess: async () => {
        setAddress("");
        setLabel("");
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
  const waiting = rows.some((r) => r.state === "pending");
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
          <Table head={["Address", "Label", "State", ""]}>
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="font-mono text-xs">{r.address}</Td>
                <Td>{r.label || "–"}</Td>
                <Td className="whitespace-normal text-xs">
                  <Badge tone={STATE[r.state].tone}>{STATE[r.state].label}</Badge> <StateDetail r={r} tokenPrefix={tokenPrefix} />
                  {checked[r.id] && r.state === "pending" ? <p className="mt-1 text-slate-500">Checked: {checked[r.id]}</p> : null}
                </Td>
                <Td className="text-right">
                  {canWrite ? (
                    <span className="inline-flex gap-2">
                      {r.state === "pending" ? (
                        <Button
                          variant="secondary"
                          size="sm"
                          loading={check.isPending && check.variables.id === r.id}
                          onClick={() => check.mutate({ id: r.id })}
                        >
                          Check now
                        </Button>
                      ) : null}
                      {r.state === "expired" ? (
                        <Button
                          variant="secondary"
                          size="sm"
                          loading={add.isPending && add.variables.address === r.address}
                          onClick={() => add.mutate({ address: r.address, label: r.label })}
                        >
                          Add again
                        </Button>
                      ) : null}
                      <Button
                        variant="secondary"
                        size="sm"
                        loading={remove.isPending && remove.variables.id === r.id}
                        onClick={() => remove.mutate({ id: r.id })}
                      >
                        Remove
                      </Button>
                    </span>
                  ) : null}
                </Td>
              </tr>
            ))}
          </Table>
          {waiting ? (
            <div className="mt-2">
              <p>
                On the MTA host, with your syslog token in <code>$INBOXWATCH_SYSLOG_TOKEN</code> (any syslog sender works if it uses TCP and
                adds the token):
              </p>
              <pre tabIndex={0} className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
                {PROOF_COMMAND}
              </pre>
            </div>
          ) : null}
        </div>
      ) : (
        <p className="mt-2 text-slate-500">No addresses registered.</p>
      )}
      {add.error ? <Notice>{errorMessage(add.error)}</Notice> : null}
      {remove.error ? <Notice>{errorMessage(remove.error)}</Notice> : null}
      {check.error ? <Notice>{errorMessage(check.error)}</Notice> : null}
      {canWrite ? (
        <form
          className="mt-2 flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ address, label });
          }}
        >
          <Input
            aria-label="Source address"
            placeholder="192.0.2.25 or 2001:db8::25"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            className="w-64"
          />
          <Input
            aria-label="Label"
            placeholder="mx1 (optional)"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            className="w-48"
          />
          <Button type="submit" variant="secondary" size="sm" loading={add.isPending} disabled={address.trim() === ""}>
            Add address
          </Button>
        </form>
      ) : null}
    </div>
  );
}
