"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, CardHeader, DataTable, Notice, Select, type DataColumn } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { numberColumn, textColumn } from "~/components/table-columns";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";
import { dateTime } from "./report-format";

type RawRow = RouterOutputs["reports"]["raw"]["list"]["items"][number];

const STATUSES = ["", "QUARANTINED", "PENDING", "PARSED", "DUPLICATE"] as const;
const TONE = { PARSED: "green", DUPLICATE: "slate", PENDING: "blue", QUARANTINED: "red" } as const;
const kib = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/** Every report as received: its channel, status, and for quarantined ones the parser's reason, with reprocessing. */
export function RawTab() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("");
  const list = useQuery(trpc.reports.raw.list.queryOptions({ status: status || undefined, limit: 100 }));
  const reprocess = useMutation(
    trpc.reports.raw.reprocess.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() }) }),
  );
  const canWrite = org.can("reports.write");
  const columns: DataColumn<RawRow>[] = [
    {
      id: "received",
      header: "Received",
      sortValue: (r) => new Date(r.receivedAt),
      csv: (r) => dateTime(r.receivedAt),
      cell: (r) => dateTime(r.receivedAt),
    },
    textColumn("channel", "Channel", (r) => r.channel.toLowerCase()),
    textColumn("kind", "Kind", (r) => r.kind?.toLowerCase().replace("_", " ") ?? null),
    numberColumn("size", "Size", (r) => r.sizeBytes, kib),
    {
      id: "status",
      header: "Status",
      sortValue: (r) => r.status,
      csv: (r) => r.status,
      cell: (r) => <Badge tone={TONE[r.status]}>{r.status.toLowerCase()}</Badge>,
    },
    {
      id: "reason",
      header: "Reason",
      className: "max-w-md text-xs",
      csv: (r) => (r.rejectReason ? `${r.rejectReason}: ${r.rejectMessage ?? ""}` : ""),
      cell: (r) =>
        r.rejectReason ? (
          <>
            <span className="font-medium text-red-700">{r.rejectReason}</span>: {r.rejectMessage}
          </>
        ) : (
          "–"
        ),
    },
    {
      id: "actions",
      header: "",
      align: "right",
      cell: (r) =>
        r.status === "QUARANTINED" && canWrite ? (
          <Button
            size="sm"
            variant="secondary"
            loading={reprocess.isPending && reprocess.variables.id === r.id}
            onClick={() => reprocess.mutate({ id: r.id })}
          >
            Reprocess
          </Button>
        ) : null,
    },
  ];
  return (
    <Card>
      <CardHeader
        title="Raw reports"
        description="Kept as received for reprocessing. Quarantined reports were refused by the parser (bomb, DOCTYPE, too deep, malformed…); reprocess them after a fix."
        actions={
          <Select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? s.toLowerCase() : "all"}
              </option>
            ))}
          </Select>
        }
      />
      {reprocess.error ? <Notice>{errorMessage(reprocess.error)}</Notice> : null}
      <DataTable
        card={false}
        caption="Reports as received"
        columns={columns}
        rows={list.data?.items}
        error={list.error ? errorMessage(list.error) : null}
        rowKey={(r) => r.id}
        pageSize={0}
        csvTitle="raw-reports"
        empty={{ title: status ? `No ${status.toLowerCase()} report` : "No report received yet" }}
      />
    </Card>
  );
}
