"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useMemo, useState } from "react";
import { z } from "zod";

import { Badge, Button, Card, CardBody, CardHeader, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

import { EVENT_PARAMS, NO_SERVER } from "../analytics/drill-down";
import { EventTable } from "./event-table";

/** Empty filters are left out; the server hashes the typed address and matches codes as typed. */
const optional = z
  .string()
  .trim()
  .transform((v) => v || undefined);
const STATUSES = ["sent", "deferred", "bounced", "expired"] as const;
const ZEventFilters = z.object({
  recipient: optional,
  queueId: optional,
  replyCode: optional,
  status: z.enum(["", ...STATUSES]).transform((v) => v || undefined),
});
type Filters = Partial<z.output<typeof ZEventFilters>>;

const STATUS_OPTIONS = [
  { value: "", label: "any" },
  { value: "sent", label: "accepted" },
  { value: "deferred", label: "deferred" },
  { value: "bounced", label: "bounced" },
  { value: "expired", label: "expired" },
];

/** The segment a link from the analytics pages narrows the log to (drill-down.ts writes these parameters). */
interface Segment {
  from?: string;
  to?: string;
  provider?: string;
  senderDomain?: string;
  /** null: the events mapped to no server. */
  serverId?: string | null;
  campaign?: string;
}

function segmentOf(params: URLSearchParams): Segment {
  const date = (name: string) => {
    const v = params.get(name);
    return v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined;
  };
  const server = params.get(EVENT_PARAMS.serverId);
  return {
    from: date(EVENT_PARAMS.from),
    to: date(EVENT_PARAMS.to),
    provider: params.get(EVENT_PARAMS.provider) || undefined,
    senderDomain: params.get(EVENT_PARAMS.senderDomain) || undefined,
    serverId: server === NO_SERVER ? null : server || undefined,
    campaign: params.get(EVENT_PARAMS.campaign) || undefined,
  };
}

const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** Search delivery events by a typed address (hashed server-side), queue id or reply code; newest first. */
export function EventSearch({ serverName }: { serverName?: (id: string) => string | undefined }) {
  return (
    <Suspense>
      <EventSearchFromUrl serverName={serverName} />
    </Suspense>
  );
}

function EventSearchFromUrl({ serverName }: { serverName?: (id: string) => string | undefined }) {
  const params = useSearchParams();
  // A new link (another chart point) starts a new search with its status and code in the form.
  return <EventLog key={params.toString()} params={params} serverName={serverName} />;
}

function EventLog({ params, serverName }: { params: URLSearchParams; serverName?: (id: string) => string | undefined }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const segment = useMemo(() => segmentOf(params), [params]);
  const urlStatus = STATUSES.find((s) => s === params.get(EVENT_PARAMS.status)) ?? "";
  const urlCode = params.get(EVENT_PARAMS.code) ?? "";
  const initial = { recipient: "", queueId: "", replyCode: urlCode, status: urlStatus };
  const [filters, setFilters] = useState<Filters>(() => {
    const parsed = ZEventFilters.safeParse(initial);
    return parsed.success ? parsed.data : {};
  });
  const form = useZodForm(ZEventFilters, initial);
  const events = useInfiniteQuery(
    trpc.deliverability.events.infiniteQueryOptions(
      { ...filters, ...segment, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  // The page renders the log only once its summary has loaded, after the browser looked for #event-log.
  useEffect(() => {
    if (window.location.hash === "#event-log") document.getElementById("event-log")?.scrollIntoView({ block: "start" });
  }, []);
  const chips = [
    segment.from || segment.to ? `${segment.from ? utc(segment.from) : "…"} – ${segment.to ? utc(segment.to) : "now"}` : null,
    segment.provider ? `provider ${segment.provider}` : null,
    segment.senderDomain ? `sending domain ${segment.senderDomain}` : null,
    segment.campaign ? `campaign ${segment.campaign}` : null,
    segment.serverId === null ? "no server" : segment.serverId ? `server ${serverName?.(segment.serverId) ?? segment.serverId}` : null,
  ].filter((c): c is string => c !== null);
  const clear = () => {
    const next = new URLSearchParams(params.toString());
    for (const name of Object.values(EVENT_PARAMS)) next.delete(name);
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return (
    <section id="event-log" className="scroll-mt-4">
      <Card>
        <CardHeader
          title="Event log"
          description="One row per delivery attempt. Addresses are stored hashed: type the full address to find it."
        />
        <CardBody>
          {chips.length ? (
            <div className="mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-600" aria-label="Opened from analytics">
              <span>Showing the events of</span>
              {chips.map((c) => (
                <Badge key={c} tone="blue">
                  {c}
                </Badge>
              ))}
              <Button variant="ghost" size="sm" onClick={clear}>
                Show all events
              </Button>
            </div>
          ) : null}
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
    </section>
  );
}
