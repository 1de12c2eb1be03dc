"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode } from "react";

import { Badge, Button, Card, CardHeader, type DataColumn, DataTable, Spinner } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";

import { BUILDING_POLL_MS, editionStatus, formatInZone, formatPeriod } from "./format";

type Edition = RouterOutputs["scheduledReports"]["editions"]["list"]["items"][number];

const PAGE_SIZE = 20;

/** An edition's state: building turns with a spinner, failed says why underneath. */
export function EditionStatusBadge({ status, error }: { status: string; error?: string | null }) {
  const s = editionStatus(status);
  return (
    <span className="inline-flex flex-col gap-1">
      <span className="inline-flex items-center gap-1.5">
        <Badge tone={s.tone}>
          {status === "building" ? <Spinner className="mr-1 size-3" /> : null}
          {s.label}
        </Badge>
      </span>
      {status === "failed" && error ? <span className="max-w-xs whitespace-normal text-xs text-red-700">{error}</span> : null}
    </span>
  );
}

function Deliveries({ d }: { d: Edition["deliveries"] }) {
  if (d.total === 0) return <span className="text-slate-500">—</span>;
  return (
    <span className="inline-flex flex-wrap gap-x-2 text-xs tabular-nums">
      <span className="text-emerald-700">{d.sent} sent</span>
      {d.bounced ? <span className="font-medium text-red-700">{d.bounced} bounced</span> : null}
      {d.failed ? <span className="font-medium text-red-700">{d.failed} failed</span> : null}
      {d.pending ? <span className="text-slate-500">{d.pending} queued</span> : null}
    </span>
  );
}

/**
 * The archive: every built report, newest first, a page at a time ("Load more"). While one is building,
 * the list looks again every two seconds, so "Building" turns into "Ready" without a reload.
 */
export function EditionsTable({
  timeZone,
  definitionId,
  title = "Archive",
  description,
  empty,
}: {
  timeZone: string;
  definitionId?: string;
  title?: string;
  description?: ReactNode;
  empty: { title: ReactNode; hint?: ReactNode; action?: ReactNode; icon?: ReactNode };
}) {
  const org = useOrg();
  const trpc = useTRPC();
  const editions = useInfiniteQuery(
    trpc.scheduledReports.editions.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...(definitionId ? { definitionId } : {}) },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((e) => e.status === "building")) ? BUILDING_POLL_MS : false),
      },
    ),
  );
  const rows = editions.data?.pages.flatMap((p) => p.items);
  const columns: DataColumn<Edition>[] = [
    {
      id: "title",
      header: "Report",
      cell: (e) => (
        <div className="min-w-0">
          <Link href={org.href(`scheduled-reports/${e.id}`)} className="font-medium text-brand-700 hover:underline">
            {e.title}
          </Link>
          <p className="text-xs text-slate-500">{e.definitionName ?? "Deleted definition"}</p>
        </div>
      ),
      className: "whitespace-normal min-w-64",
    },
    { id: "period", header: "Period", cell: (e) => formatPeriod(e.periodFrom, e.periodTo, timeZone) },
    {
      id: "kind",
      header: "Kind",
      cell: (e) => <Badge tone={e.kind === "sent now" ? "amber" : "slate"}>{e.kind === "sent now" ? "Sent now" : "Scheduled"}</Badge>,
    },
    { id: "status", header: "Status", cell: (e) => <EditionStatusBadge status={e.status} error={e.error} /> },
    { id: "deliveries", header: "Deliveries", cell: (e) => <Deliveries d={e.deliveries} /> },
    {
      id: "date",
      header: "Created",
      cell: (e) => <span className="text-slate-600">{formatInZone(e.createdAt, timeZone)}</span>,
    },
  ];
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <DataTable
        card={false}
        columns={columns}
        rows={rows}
        rowKey={(e) => e.id}
        loading={editions.isLoading}
        error={errorMessage(editions.error)}
        onRetry={() => void editions.refetch()}
        pageSize={0}
        caption={title}
        empty={empty}
      />
      {editions.hasNextPage ? (
        <div className="flex justify-center border-t border-slate-100 px-5 py-3">
          <Button variant="secondary" size="sm" loading={editions.isFetchingNextPage} onClick={() => void editions.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
