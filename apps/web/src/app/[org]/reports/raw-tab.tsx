"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, CardHeader, LoadingRows, Notice, Select, Table, Td } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

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
      {list.error ? <Notice>{errorMessage(list.error)}</Notice> : null}
      {reprocess.error ? <Notice>{errorMessage(reprocess.error)}</Notice> : null}
      {list.isPending ? (
        <LoadingRows />
      ) : (
        <Table head={["Received", "Channel", "Kind", "Size", "Status", "Reason", ""]}>
          {list.data?.items.map((r) => (
            <tr key={r.id}>
              <Td>{new Date(r.receivedAt).toISOString().slice(0, 16).replace("T", " ")}</Td>
              <Td>{r.channel.toLowerCase()}</Td>
              <Td>{r.kind?.toLowerCase().replace("_", " ") ?? "–"}</Td>
              <Td>{kib(r.sizeBytes)}</Td>
              <Td>
                <Badge tone={TONE[r.status]}>{r.status.toLowerCase()}</Badge>
              </Td>
              <Td className="max-w-md text-xs">
                {r.rejectReason ? (
                  <>
                    <span className="font-medium text-red-700">{r.rejectReason}</span>: {r.rejectMessage}
                  </>
                ) : (
                  "–"
                )}
              </Td>
              <Td className="text-right">
                {r.status === "QUARANTINED" && org.can("reports.write") ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    loading={reprocess.isPending && reprocess.variables.id === r.id}
                    onClick={() => reprocess.mutate({ id: r.id })}
                  >
                    Reprocess
                  </Button>
                ) : null}
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
