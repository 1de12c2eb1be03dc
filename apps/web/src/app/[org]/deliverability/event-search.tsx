"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";

import { Button, Card, CardBody, CardHeader, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";
import { EventTable } from "./event-table";

/** Empty filters are left out; the server hashes the typed address and matches codes as typed. */
const optional = z
  .string()
  .trim()
  .transform((v) => v || undefined);
const ZEventFilters = z.object({
  recipient: optional,
  queueId: optional,
  replyCode: optional,
  status: z.enum(["", "sent", "deferred", "bounced", "expired"]).transform((v) => v || undefined),
});
type Filters = Partial<z.output<typeof ZEventFilters>>;

const STATUS_OPTIONS = [
  { value: "", label: "any" },
  { value: "sent", label: "accepted" },
  { value: "deferred", label: "deferred" },
  { value: "bounced", label: "bounced" },
  { value: "expired", label: "expired" },
];

/** Search delivery events by a typed address (hashed server-side), queue id or reply code; newest first. */
export function EventSearch() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const form = useZodForm(ZEventFilters, { recipient: "", queueId: "", replyCode: "", status: "" });
  const events = useInfiniteQuery(
    trpc.deliverability.events.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  return (
    <Card>
      <CardHeader
        title="Event log"
        description="One row per delivery attempt. Addresses are stored hashed: type the full address to find it."
      />
      <CardBody>
        <form onSubmit={form.handleSubmit(setFilters)} className="grid gap-3 md:grid-cols-5">
          <TextField label="Recipient address" {...form.field("recipient")} placeholder="someone@example.com" />
          <TextField label="Queue id" {...form.field("queueId")} placeholder="4BNkSv1Jx6z1" />
          <TextField label="Reply code" {...form.field("replyCode")} placeholder="550 or 5.1.1" />
          <SelectField label="Status" {...form.field("status")} options={STATUS_OPTIONS} />
          <div className="flex items-end">
            <Button type="submit">Search</Button>
          </div>
        </form>
      </CardBody>
      <EventTable rows={events.data?.pages.flatMap((p) => p.events)} error={events.error ? errorMessage(events.error) : null} />
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
