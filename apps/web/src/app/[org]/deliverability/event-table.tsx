"use client";

import { Badge, DataTable, type DataColumn } from "@inboxwatch/ui";

import { textColumn } from "~/components/table-columns";
import type { RouterOutputs } from "~/trpc/react";

type EventRow = RouterOutputs["deliverability"]["events"]["events"][number];

const STATUS_TONE = { sent: "green", deferred: "amber", bounced: "red", expired: "red" } as const;
const isStatus = (s: string): s is keyof typeof STATUS_TONE => s in STATUS_TONE;

const columns: DataColumn<EventRow>[] = [
  textColumn("time", "Time (UTC)", (e) => e.time.slice(0, 19).replace("T", " "), "whitespace-nowrap font-mono text-xs"),
  textColumn("queue", "Queue id", (e) => e.queueId, "font-mono text-xs"),
  {
    id: "recipient",
    header: "Recipient",
    className: "text-xs",
    cell: (e) =>
      e.recipient ?? (
        <span title="sha256 with your organization's salt">
          {e.recipientDomain} · {e.recipientHash}…
        </span>
      ),
  },
  textColumn("provider", "Provider", (e) => e.provider),
  {
    id: "status",
    header: "Status",
    sortValue: (e) => e.status,
    cell: (e) => <Badge tone={isStatus(e.status) ? STATUS_TONE[e.status] : "slate"}>{e.status}</Badge>,
  },
  textColumn("code", "Code", (e) => [e.replyCode, e.enhancedCode].filter(Boolean).join(" "), "font-mono text-xs"),
  textColumn("category", "Category", (e) => e.category, "text-xs"),
  textColumn("reply", "Reply", (e) => e.response, "max-w-md truncate text-xs"),
];

/** The events found so far (pages of 50 appended by "Load more", so every row is shown). */
export function EventTable({ rows, error }: { rows: EventRow[] | undefined; error: string | null }) {
  return (
    <DataTable
      card={false}
      caption="Delivery events"
      columns={columns}
      rows={rows}
      error={error}
      rowKey={(e) => e.id}
      pageSize={0}
      csvTitle="delivery-events"
      empty={{ title: "No events match" }}
    />
  );
}
