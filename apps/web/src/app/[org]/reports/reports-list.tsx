"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Badge, Button, Card, CardHeader, DataTable, Input, Select, type DataColumn } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { numberColumn, textColumn } from "~/components/table-columns";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";

import { dateTime, KIND_LABEL, periodLabel } from "./report-format";

type Kind = keyof typeof KIND_LABEL;
type ReportRow = RouterOutputs["reports"]["list"]["items"][number];
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
  const columns: DataColumn<ReportRow>[] = [
    {
      id: "period",
      header: "Period",
      sortValue: (r) => new Date(r.beginAt),
      csv: (r) => periodLabel(r.beginAt, r.endAt),
      cell: (r) => (
        <Link className="font-medium text-brand-700 hover:underline" href={org.href(`reports/${r.id}`)}>
          {periodLabel(r.beginAt, r.endAt)}
        </Link>
      ),
    },
    textColumn("kind", "Kind", (r) => KIND_LABEL[r.kind]),
    textColumn("reporter", "Reporter", (r) => r.reporter),
    {
      id: "domain",
      header: "Domain",
      csv: (r) => r.domains.join(" "),
      cell: (r) => (
        <>
          {r.domains.join(", ") || "–"}
          {r.isInInventory ? null : (
            <span className="ml-2">
              <Badge tone="amber">domain not in your inventory</Badge>
            </span>
          )}
        </>
      ),
    },
    numberColumn("messages", "Messages", (r) => r.messageCount),
    textColumn(
      "via",
      "Received via",
      (r) => (r.channel ? `${r.channel.toLowerCase()}, ${r.receivedAt ? dateTime(r.receivedAt) : ""}` : null),
      "text-xs",
    ),
    {
      id: "status",
      header: "Status",
      sortValue: (r) => r.status,
      csv: (r) => r.status,
      cell: (r) => <Badge tone={r.status === "PARSED" ? "green" : "slate"}>{r.status.toLowerCase()}</Badge>,
    },
  ];
  return (
    <Card>
      <CardHeader
        title="Reports"
        description="Each report received, whatever its period: not limited to the time range above. Received via: the channel and time (no intake keeps a file name)."
        actions={
          <ReportFilters kind={kind} domain={domain} onKind={(k) => (setKind(k), reset())} onDomain={(d) => (setDomain(d), reset())} />
        }
      />
      <DataTable
        card={false}
        caption="Reports received"
        columns={columns}
        rows={list.data?.items}
        error={list.error ? errorMessage(list.error) : null}
        rowKey={(r) => r.id}
        rowClassName={() => "hover:bg-slate-50"}
        // The server pages (keyset cursors, Newer/Older below): the table shows the page it gets.
        pageSize={0}
        csvTitle="reports"
        empty={{ title: "No reports match" }}
      />
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

/** Kind and domain: changing either starts again from the newest page. */
function ReportFilters({
  kind,
  domain,
  onKind,
  onDomain,
}: {
  kind: Kind | "";
  domain: string;
  onKind: (kind: Kind | "") => void;
  onDomain: (domain: string) => void;
}) {
  return (
    <div className="flex gap-2">
      <Select aria-label="Kind" value={kind} onChange={(e) => onKind(isKind(e.target.value) ? e.target.value : "")}>
        <option value="">all kinds</option>
        {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
          <option key={k} value={k}>
            {KIND_LABEL[k]}
          </option>
        ))}
      </Select>
      <Input aria-label="Domain" placeholder="domain" value={domain} onChange={(e) => onDomain(e.target.value)} className="w-40" />
    </div>
  );
}

const isKind = (v: string): v is Kind => v in KIND_LABEL;
