"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Button, CardBody, DataTable, ExpandButton, Td, type DataColumn } from "@inboxwatch/ui";

import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";
import { ProbeDetail } from "./probe-detail";
import { OutcomeBadge } from "./probe-state";

type ResultRow = RouterOutputs["probes"]["results"]["list"]["items"][number];
type ResultKey = { id: string; time: Date };

const ms = (v: number | null) => (v === null ? "—" : `${v} ms`);

/** A monitor's probes, newest first, 20 a page (server keyset cursors); a row expands into its transcript and certificate. */
export function MonitorResults({ monitorId }: { monitorId: string }) {
  const trpc = useTRPC();
  const [cursor, setCursor] = useState<ResultKey | undefined>(undefined);
  const [open, setOpen] = useState<ResultKey | null>(null);
  const results = useQuery(trpc.probes.results.list.queryOptions({ monitorId, limit: 20, ...(cursor ? { cursor } : {}) }));
  const detailId = (r: ResultRow) => `probe-detail-${r.id}`;
  const toggle = (r: ResultRow) => setOpen(open?.id === r.id ? null : { id: r.id, time: r.time });
  const columns: DataColumn<ResultRow>[] = [
    {
      id: "expand",
      header: <span className="sr-only">Details</span>,
      className: "w-8 pr-0",
      cell: (r) => (
        <ExpandButton
          expanded={open?.id === r.id}
          controls={detailId(r)}
          what={`the probe of ${r.time.toLocaleString()}`}
          onToggle={() => toggle(r)}
        />
      ),
    },
    { id: "time", header: "Time", cell: (r) => r.time.toLocaleString() },
    {
      id: "outcome",
      header: "Outcome",
      cell: (r) => (
        <>
          <OutcomeBadge outcome={r.outcome} /> {r.replyCode ? <span className="text-xs text-slate-500">{r.replyCode}</span> : null}
        </>
      ),
    },
    { id: "tls", header: "TLS", cell: (r) => r.tlsVersion ?? "—" },
    { id: "connect", header: "Connect", cell: (r) => ms(r.connectMs) },
    { id: "handshake", header: "TLS handshake", cell: (r) => ms(r.tlsMs) },
    { id: "total", header: "Total", cell: (r) => ms(r.totalMs) },
  ];
  return (
    <>
      <DataTable
        card={false}
        caption="Probe history"
        columns={columns}
        rows={results.data?.items}
        error={results.error ? errorMessage(results.error) : null}
        rowKey={(r) => r.id}
        rowClassName={(r) => (open?.id === r.id ? "bg-brand-50" : "hover:bg-slate-50")}
        renderAfterRow={(r) =>
          open?.id === r.id ? (
            <tr id={detailId(r)} className="bg-slate-50/60">
              <Td colSpan={columns.length} className="whitespace-normal">
                <ProbeDetail id={open.id} time={open.time} />
              </Td>
            </tr>
          ) : null
        }
        pageSize={0}
        empty={{ title: "No probes yet", hint: "The scheduler runs one within a minute, or press Probe now." }}
      />
      <CardBody className="flex justify-end gap-2">
        {cursor ? (
          <Button size="sm" variant="secondary" onClick={() => setCursor(undefined)}>
            Newest
          </Button>
        ) : null}
        {results.data?.nextCursor ? (
          <Button size="sm" variant="secondary" onClick={() => setCursor(results.data.nextCursor ?? undefined)}>
            Older
          </Button>
        ) : null}
      </CardBody>
    </>
  );
}
