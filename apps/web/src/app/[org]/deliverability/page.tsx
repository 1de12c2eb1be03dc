"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { Card, CardBody, CardHeader, EmptyState, LoadingRows, Notice, PageHeader, Select, Stat, Table, Td } from "@inboxwatch/ui";

import { CategoryBarChart } from "~/components/charts/category-bars";
import { OutcomeAreaChart } from "~/components/charts/outcome-area";
import { QueueLatencyChart } from "~/components/charts/queue-latency";
import { Icon } from "~/components/icons";
import { errorMessage, useTRPC } from "~/trpc/react";

import { Detections } from "./detections";
import { EventSearch } from "./event-search";
import { ShipLogs } from "./ship-logs";

/** Range length in hours; up to 6 h the server charts minute buckets. */
const RANGES = { "1h": 1, "6h": 6, "24h": 24, "7d": 7 * 24, "30d": 30 * 24 } as const;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)} %`);
const secs = (v: number | null) => (v === null ? "–" : v < 100 ? `${v.toFixed(1)} s` : `${Math.round(v / 60)} min`);

export default function DeliverabilityPage() {
  const trpc = useTRPC();
  const [rangeKey, setRangeKey] = useState<keyof typeof RANGES>("24h");
  const [provider, setProvider] = useState("");
  const [serverId, setServerId] = useState("");
  const range = useMemo(() => {
    // Whole hours (whole minutes for the short ranges), so the query key is stable and buckets line up.
    const step = RANGES[rangeKey] <= 6 ? MINUTE_MS : HOUR_MS;
    const to = Math.ceil(Date.now() / step) * step;
    return { from: new Date(to - RANGES[rangeKey] * HOUR_MS).toISOString(), to: new Date(to).toISOString() };
  }, [rangeKey]);
  const ingest = useQuery(trpc.deliverability.intake.queryOptions());
  const summary = useQuery(
    trpc.deliverability.summary.queryOptions({ ...range, provider: provider || undefined, serverId: serverId || undefined }),
  );
  const queue = useQuery(trpc.deliverability.queueSnapshots.queryOptions(range));
  const unparsed = useQuery(trpc.deliverability.unparsedSamples.queryOptions());

  const s = summary.data;
  const outcomes = useMemo(() => {
    const byHour = new Map<string, { hour: string; sent: number; deferred: number; bounced: number }>();
    for (const p of s?.series ?? []) {
      const row = byHour.get(p.hour) ?? { hour: p.hour, sent: 0, deferred: 0, bounced: 0 };
      if (p.status === "sent") row.sent += p.count;
      else if (p.status === "deferred") row.deferred += p.count;
      else row.bounced += p.count;
      byHour.set(p.hour, row);
    }
    return [...byHour.values()];
  }, [s]);
  const categories = useMemo(() => {
    const by = new Map<string, { category: string; bounced: number; deferred: number }>();
    for (const c of s?.categories ?? []) {
      const row = by.get(c.category) ?? { category: c.category, bounced: 0, deferred: 0 };
      if (c.status === "deferred") row.deferred += c.count;
      else row.bounced += c.count;
      by.set(c.category, row);
    }
    return [...by.values()].sort((a, b) => b.bounced + b.deferred - (a.bounced + a.deferred));
  }, [s]);
  const queueSeries = useMemo(() => {
    const points = (queue.data?.snapshots ?? []).map((q) => ({
      t: Date.parse(q.time),
      queued: q.active + q.deferred + q.hold + q.incoming,
    }));
    const half = queue.data?.granularity === "minute" ? MINUTE_MS / 2 : HOUR_MS / 2;
    const latency = (queue.data?.latency ?? []).map((l) => ({ t: Date.parse(l.hour) + half, latency: l.meanDelaySeconds }));
    return [...points, ...latency].sort((a, b) => a.t - b.t);
  }, [queue.data]);

  const noData = ingest.data && Object.keys(ingest.data.batches).length === 0;
  const filters = (
    <div className="flex gap-2">
      <Select aria-label="Provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
        <option value="">All providers</option>
        {(s?.providers ?? []).map((p) => (
          <option key={p.provider} value={p.provider}>
            {p.provider}
          </option>
        ))}
      </Select>
      <Select aria-label="Server" value={serverId} onChange={(e) => setServerId(e.target.value)}>
        <option value="">All servers</option>
        {(s?.servers ?? []).map((x) => (
          <option key={x.serverId} value={x.serverId}>
            {x.hostname}
          </option>
        ))}
      </Select>
      <Select aria-label="Range" value={rangeKey} onChange={(e) => setRangeKey(e.target.value as keyof typeof RANGES)}>
        {Object.keys(RANGES).map((k) => (
          <option key={k} value={k}>
            Last {k}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <>
      <PageHeader
        title="Deliverability"
        description="What your MTAs' logs say: every acceptance, deferral and bounce per mailbox provider."
        actions={noData ? null : filters}
      />
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
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Stat
              label="Delivery attempts"
              value={s?.totals.attempts.toLocaleString("en") ?? "–"}
              hint={`${s?.totals.sent.toLocaleString("en") ?? "–"} accepted`}
            />
            <Stat label="Deferral rate" value={pct(s?.totals.deferralRate ?? null)} hint={`${s?.totals.deferred ?? "–"} deferred`} />
            <Stat
              label="Bounce rate"
              value={pct(s?.totals.bounceRate ?? null)}
              hint={`${(s?.totals.bounced ?? 0) + (s?.totals.expired ?? 0)} bounced or expired`}
            />
            <Stat
              label="4xx / 5xx"
              value={s ? `${sum(s.codeClasses, "4xx")} / ${sum(s.codeClasses, "5xx")}` : "–"}
              hint="failed attempts by reply class"
            />
          </div>
          <Card>
            <CardHeader
              title={s?.granularity === "minute" ? "Outcomes per minute" : "Outcomes per hour"}
              description={`Accepted, deferred and bounced attempts (UTC ${s?.granularity === "minute" ? "minutes" : "hours"}).`}
            />
            <CardBody>
              {summary.isPending ? <LoadingRows /> : <OutcomeAreaChart data={outcomes} granularity={s?.granularity ?? "hour"} />}
            </CardBody>
          </Card>
          <Detections range={range} />
          <div className="grid gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader
                title="Failures by category"
                description="Hard bounces and deferrals, classified from reply codes and provider texts."
              />
              <CardBody>
                {categories.length === 0 ? (
                  <p className="text-sm text-slate-500">No failures in this range.</p>
                ) : (
                  <CategoryBarChart data={categories} />
                )}
              </CardBody>
            </Card>
            <Card>
              <CardHeader
                title="Latency per provider"
                description="Time from queue entry to acceptance (Postfix delay=), accepted mail only."
              />
              <Table head={["Provider", "Accepted", "p50", "p95"]}>
                {(s?.latency ?? []).map((l) => (
                  <tr key={l.provider}>
                    <Td className="font-medium text-slate-900">{l.provider}</Td>
                    <Td>{l.count.toLocaleString("en")}</Td>
                    <Td>{secs(l.p50)}</Td>
                    <Td>{secs(l.p95)}</Td>
                  </tr>
                ))}
              </Table>
            </Card>
          </div>
          <Card>
            <CardHeader title="Top reply texts" description="The most frequent deferral and bounce replies; addresses are masked." />
            <Table head={["Count", "Status", "Code", "Category", "Reply"]}>
              {(s?.topReplies ?? []).map((r, i) => (
                <tr key={i}>
                  <Td>{r.count.toLocaleString("en")}</Td>
                  <Td>{r.status}</Td>
                  <Td className="font-mono text-xs">{[r.replyCode, r.enhancedCode].filter(Boolean).join(" ")}</Td>
                  <Td className="text-xs">{r.category}</Td>
                  <Td className="text-xs">{r.text}</Td>
                </tr>
              ))}
            </Table>
          </Card>
          <Card>
            <CardHeader
              title="Queue depth and latency"
              description="Queued messages (postqueue snapshots) against mean delivery latency: rising together means congestion at home."
            />
            <CardBody>
              {queueSeries.length === 0 ? (
                <p className="text-sm text-slate-500">No queue snapshots yet: run infra/log-shipping/postqueue-snapshot.sh every minute.</p>
              ) : (
                <QueueLatencyChart data={queueSeries} />
              )}
            </CardBody>
          </Card>
          <EventSearch />
          <Card>
            <CardHeader
              title="Unparsed lines"
              description="Lines no format recognised, counted per source and sampled (newest first). They never stop a batch."
            />
            {(unparsed.data ?? []).map((src) => (
              <CardBody key={src.source}>
                <p className="text-sm text-slate-700">
                  <span className="font-medium">{src.source}</span>: {src.unparsed.toLocaleString("en")} of {src.lines.toLocaleString("en")}{" "}
                  lines unparsed
                </p>
                {src.unparsedSample.length > 0 ? (
                  <pre tabIndex={0} className="mt-2 max-h-48 overflow-auto rounded-md bg-slate-50 p-3 text-xs text-slate-700">
                    {src.unparsedSample.join("\n")}
                  </pre>
                ) : null}
              </CardBody>
            ))}
          </Card>
          <ShipLogs syslogTokenPrefix={ingest.data?.syslogTokenPrefix ?? null} />
        </div>
      )}
    </>
  );
}

function sum(rows: { class: string; count: number }[], cls: string): string {
  return rows
    .filter((r) => r.class === cls)
    .reduce((n, r) => n + r.count, 0)
    .toLocaleString("en");
}
