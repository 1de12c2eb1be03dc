"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { EmptyState, LoadingRows, Notice, Select } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { Page } from "~/components/page";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";

import { Detections } from "./detections";
import { EventSearch } from "./event-search";
import { ShipLogs } from "./ship-logs";
import { FailuresCard, LatencyCard, OutcomesCard, QueueCard, SummaryStats, TopRepliesCard, UnparsedCard } from "./summary-panels";
import { isRangeKey, RANGES, rangeEndingNow, type RangeKey } from "./summary-shapes";

export default function DeliverabilityPage() {
  const trpc = useTRPC();
  const [rangeKey, setRangeKey] = useState<RangeKey>("24h");
  const [filter, setFilter] = useState({ provider: "", serverId: "" });
  const range = useMemo(() => rangeEndingNow(rangeKey), [rangeKey]);
  const ingest = useQuery(trpc.deliverability.intake.queryOptions());
  const summary = useQuery(
    trpc.deliverability.summary.queryOptions({ ...range, provider: filter.provider || undefined, serverId: filter.serverId || undefined }),
  );
  const queue = useQuery(trpc.deliverability.queueSnapshots.queryOptions(range));
  const unparsed = useQuery(trpc.deliverability.unparsedSamples.queryOptions());
  const s = summary.data;
  const noData = ingest.data && Object.keys(ingest.data.batches).length === 0;
  const filters = (
    <Filters
      summary={s}
      filter={filter}
      onFilter={(patch) => setFilter((f) => ({ ...f, ...patch }))}
      range={rangeKey}
      onRange={setRangeKey}
    />
  );

  return (
    <Page
      title="Deliverability"
      description="What your MTAs' logs say: every acceptance, deferral and bounce per mailbox provider."
      actions={noData ? null : filters}
    >
      {[ingest.error, summary.error, queue.error, unparsed.error].map((e, i) => (e ? <Notice key={i}>{errorMessage(e)}</Notice> : null))}
      {ingest.isPending ? (
        <LoadingRows rows={4} />
      ) : noData ? (
        <div className="space-y-6">
          <EmptyState icon={<Icon name="chart" className="size-10" />} title="No logs received yet">
            Ship your Postfix or Exim logs (or ESP webhook events) and this page fills within seconds: outcomes per provider, bounce
            categories, latency and the queue.
          </EmptyState>
          <ShipLogs syslogTokenPrefix={ingest.data?.syslogTokenPrefix ?? null} />
        </div>
      ) : (
        <div className="space-y-6">
          <SummaryStats summary={s} />
          <OutcomesCard summary={s} loading={summary.isPending} />
          <Detections range={range} />
          <div className="grid gap-6 lg:grid-cols-2">
            <FailuresCard summary={s} />
            <LatencyCard summary={s} />
          </div>
          <TopRepliesCard summary={s} />
          <QueueCard queue={queue.data} />
          <EventSearch serverName={(id) => s?.servers.find((x) => x.serverId === id)?.hostname} />
          <UnparsedCard sources={unparsed.data} />
          <ShipLogs syslogTokenPrefix={ingest.data?.syslogTokenPrefix ?? null} />
        </div>
      )}
    </Page>
  );
}

/** Provider, server and time range: the summary's filters (the providers and servers are those the range saw). */
function Filters({
  summary: s,
  filter,
  onFilter,
  range,
  onRange,
}: {
  summary: RouterOutputs["deliverability"]["summary"] | undefined;
  filter: { provider: string; serverId: string };
  onFilter: (patch: Partial<{ provider: string; serverId: string }>) => void;
  range: RangeKey;
  onRange: (key: RangeKey) => void;
}) {
  return (
    <div className="flex gap-2">
      <Select aria-label="Provider" value={filter.provider} onChange={(e) => onFilter({ provider: e.target.value })}>
        <option value="">All providers</option>
        {(s?.providers ?? []).map((p) => (
          <option key={p.provider} value={p.provider}>
            {p.provider}
          </option>
        ))}
      </Select>
      <Select aria-label="Server" value={filter.serverId} onChange={(e) => onFilter({ serverId: e.target.value })}>
        <option value="">All servers</option>
        {(s?.servers ?? []).map((x) => (
          <option key={x.serverId} value={x.serverId}>
            {x.hostname}
          </option>
        ))}
      </Select>
      <Select aria-label="Range" value={range} onChange={(e) => isRangeKey(e.target.value) && onRange(e.target.value)}>
        {Object.keys(RANGES).map((k) => (
          <option key={k} value={k}>
            Last {k}
          </option>
        ))}
      </Select>
    </div>
  );
}
