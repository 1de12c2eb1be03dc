"use client";

import { Badge, Button, DataTable, type DataColumn, type Tone } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";

type Source = RouterOutputs["deliverability"]["syslogSources"]["list"][number];

const STATE: Record<Source["state"], { label: string; tone: Tone }> = {
  pending: { label: "Waiting for proof", tone: "amber" },
  expired: { label: "Proof window closed", tone: "slate" },
  verified: { label: "Verified", tone: "green" },
  refused: { label: "Refused", tone: "red" },
};

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

/** What a row's buttons do, which row each is busy with, and the last "Check now" answer per address. */
export interface SourceActions {
  canWrite: boolean;
  tokenPrefix: string | null;
  checked: Record<string, string>;
  busy: { check: string | null; add: string | null; remove: string | null };
  check: (r: Source) => void;
  addAgain: (r: Source) => void;
  remove: (r: Source) => void;
}

function SourceButtons({ r, a }: { r: Source; a: SourceActions }) {
  return (
    <span className="inline-flex gap-2">
      {r.state === "pending" ? (
        <Button variant="secondary" size="sm" loading={a.busy.check === r.id} onClick={() => a.check(r)}>
          Check now
        </Button>
      ) : null}
      {r.state === "expired" ? (
        <Button variant="secondary" size="sm" loading={a.busy.add === r.address} onClick={() => a.addAgain(r)}>
          Add again
        </Button>
      ) : null}
      <Button variant="secondary" size="sm" loading={a.busy.remove === r.id} onClick={() => a.remove(r)}>
        Remove
      </Button>
    </span>
  );
}

export function SyslogSourcesTable({ rows, actions: a }: { rows: Source[]; actions: SourceActions }) {
  const columns: DataColumn<Source>[] = [
    { id: "address", header: "Address", sortValue: (r) => r.address, className: "font-mono text-xs", cell: (r) => r.address },
    { id: "label", header: "Label", sortValue: (r) => r.label, cell: (r) => r.label || "–" },
    {
      id: "state",
      header: "State",
      sortValue: (r) => r.state,
      className: "whitespace-normal text-xs",
      cell: (r) => (
        <>
          <Badge tone={STATE[r.state].tone}>{STATE[r.state].label}</Badge> <StateDetail r={r} tokenPrefix={a.tokenPrefix} />
          {a.checked[r.id] && r.state === "pending" ? <p className="mt-1 text-slate-500">Checked: {a.checked[r.id]}</p> : null}
        </>
      ),
    },
    { id: "actions", header: "", align: "right", cell: (r) => (a.canWrite ? <SourceButtons r={r} a={a} /> : null) },
  ];
  return (
    <DataTable
      caption="Syslog source addresses"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      pageSize={0}
      empty={{ title: "No addresses registered" }}
    />
  );
}
