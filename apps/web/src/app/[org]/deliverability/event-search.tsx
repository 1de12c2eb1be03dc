"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { Badge, Button, Card, CardBody, CardHeader, Field, Input, LoadingRows, Notice, Select, Table, Td } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

const STATUS_TONE = { sent: "green", deferred: "amber", bounced: "red", expired: "red" } as const;

interface Filters {
  recipient?: string;
  queueId?: string;
  replyCode?: string;
  status?: "sent" | "deferred" | "bounced" | "expired";
}

/** Search delivery events by a typed address (hashed server-side), queue id or reply code; newest first. */
export function EventSearch() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const events = useInfiniteQuery(
    trpc.deliverability.events.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = f.get(k);
      return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
    };
    setFilters({
      recipient: text("recipient"),
      queueId: text("queueId"),
      replyCode: text("replyCode"),
      status: text("status") as Filters["status"],
    });
  }
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <Card>
      <CardHeader
        title="Event log"
        description="One row per delivery attempt. Addresses are stored hashed: type the full address to find it."
      />
      <CardBody>
        <form onSubmit={submit} className="grid gap-3 md:grid-cols-5">
          <Field label="Recipient address" htmlFor="ev-recipient">
            <Input id="ev-recipient" name="recipient" placeholder="someone@example.com" />
          </Field>
          <Field label="Queue id" htmlFor="ev-queue">
            <Input id="ev-queue" name="queueId" placeholder="4BNkSv1Jx6z1" />
          </Field>
          <Field label="Reply code" htmlFor="ev-code">
            <Input id="ev-code" name="replyCode" placeholder="550 or 5.1.1" />
          </Field>
          <Field label="Status" htmlFor="ev-status">
            <Select id="ev-status" name="status" defaultValue="">
              <option value="">any</option>
              <option value="sent">accepted</option>
              <option value="deferred">deferred</option>
              <option value="bounced">bounced</option>
              <option value="expired">expired</option>
            </Select>
          </Field>
          <div className="flex items-end">
            <Button type="submit">Search</Button>
          </div>
        </form>
      </CardBody>
      {events.error ? <Notice>{errorMessage(events.error)}</Notice> : null}
      {events.isPending ? (
        <div className="p-5">
          <LoadingRows />
        </div>
      ) : rows.length === 0 ? (
        <p className="px-5 pb-5 text-sm text-slate-500">No events match.</p>
      ) : (
        <Table head={["Time (UTC)", "Queue id", "Recipient", "Provider", "Status", "Code", "Category", "Reply"]}>
          {rows.map((e) => (
            <tr key={e.id}>
              <Td className="whitespace-nowrap font-mono text-xs">{e.time.slice(0, 19).replace("T", " ")}</Td>
              <Td className="font-mono text-xs">{e.queueId || "—"}</Td>
              <Td className="text-xs">
                {e.recipient ?? (
                  <span title="sha256 with your organization's salt">
                    {e.recipientDomain} · {e.recipientHash}…
                  </span>
                )}
              </Td>
              <Td>{e.provider}</Td>
              <Td>
                <Badge tone={STATUS_TONE[e.status as keyof typeof STATUS_TONE] ?? "slate"}>{e.status}</Badge>
              </Td>
              <Td className="font-mono text-xs">{[e.replyCode, e.enhancedCode].filter(Boolean).join(" ") || "—"}</Td>
              <Td className="text-xs">{e.category}</Td>
              <Td className="max-w-md truncate text-xs">{e.response}</Td>
            </tr>
          ))}
        </Table>
      )}
      {events.hasNextPage ? (
        <div className="p-4">
          <Button variant="secondary" size="sm" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
