"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Badge, Button, Card, CardHeader, Input, LoadingRows, Notice, Select, Table, Td } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

import { dateTime, KIND_LABEL, periodLabel } from "./report-format";

type Kind = keyof typeof KIND_LABEL;
const PAGE_SIZE = 25;

/** Every parsed report, newest first, one page at a time (keyset cursors kept for "Newer"). */
export function ReportsList() {
  const org = useOrg();
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind | "">("");
  const [domain, setDomain] = useState("");
  // cursors[i] opens page i; page 0 has none.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useQuery(
    trpc.reports.list.queryOptions({ kind: kind || undefined, domain: domain.trim() || undefined, limit: PAGE_SIZE, cursor }),
  );
  const reset = () => setCursors([undefined]);
  return (
    <Card>
      <CardHeader
        title="Reports"
        description="Each report received, whatever its period: not limited to the time range above. Received via: the channel and time (no intake keeps a file name)."
        actions={
          <div className="flex gap-2">
            <Select
              aria-label="Kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind | "");
                reset();
              }}
            >
              <option value="">all kinds</option>
              {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </Select>
            <Input
              aria-label="Domain"
              placeholder="domain"
              value={domain}
              onChange={(e) => {
                setDomain(e.target.value);
                reset();
              }}
              className="w-40"
            />
          </div>
        }
      />
      {list.error ? <Notice>{errorMessage(list.error)}</Notice> : null}
      {list.isPending ? (
        <LoadingRows />
      ) : (
        <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0}>
          <Table head={["Period", "Kind", "Reporter", "Domain", "Messages", "Received via", "Status"]}>
            {list.data?.items.map((r) => (
              <tr key={r.id} className="hover:bg-slate-50">
                <Td>
                  <Link className="font-medium text-brand-700 hover:underline" href={org.href(`reports/${r.id}`)}>
                    {periodLabel(r.beginAt, r.endAt)}
                  </Link>
                </Td>
                <Td>{KIND_LABEL[r.kind]}</Td>
                <Td>{r.reporter}</Td>
                <Td>
                  {r.domains.join(", ") || "–"}
                  {r.isInInventory ? null : (
                    <span className="ml-2">
                      <Badge tone="amber">domain not in your inventory</Badge>
                    </span>
                  )}
                </Td>
                <Td>{r.messageCount.toLocaleString("en-US")}</Td>
                <Td className="text-xs">{r.channel ? `${r.channel.toLowerCase()}, ${r.receivedAt ? dateTime(r.receivedAt) : ""}` : "–"}</Td>
                <Td>
                  <Badge tone={r.status === "PARSED" ? "green" : "slate"}>{r.status.toLowerCase()}</Badge>
                </Td>
              </tr>
            ))}
          </Table>
          {list.data?.items.length === 0 ? <p className="px-5 py-4 text-sm text-slate-500">No reports match.</p> : null}
        </div>
      )}
      <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">
        <Button size="sm" variant="secondary" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={!list.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, list.data?.nextCursor ?? undefined])}
        >
          Older
        </Button>
      </div>
    </Card>
  );
}
