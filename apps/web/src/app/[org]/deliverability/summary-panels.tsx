"use client";

import { Card, CardBody, CardHeader, ChartFrame, Stat, type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";

import { CategoryBarChart } from "~/components/charts/category-bars";
import { OutcomeAreaChart } from "~/components/charts/outcome-area";
import { QueueLatencyChart } from "~/components/charts/queue-latency";
import { numberColumn, textColumn } from "~/components/table-columns";
import type { RouterOutputs } from "~/trpc/react";
import { classTotal, count, failuresByCategory, outcomesByTime, queueWithLatency, rate, seconds } from "./summary-shapes";

type Summary = RouterOutputs["deliverability"]["summary"];
type LatencyRow = Summary["latency"][number];
type ReplyRow = Summary["topReplies"][number];
type Queue = RouterOutputs["deliverability"]["queueSnapshots"];
type UnparsedSource = RouterOutputs["deliverability"]["unparsedSamples"][number];

export function SummaryStats({ summary: s }: { summary: Summary | undefined }) {
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
      <Stat label="Delivery attempts" value={s ? count(s.totals.attempts) : "–"} hint={`${s ? count(s.totals.sent) : "–"} accepted`} />
      <Stat label="Deferral rate" value={rate(s?.totals.deferralRate ?? null)} hint={`${s?.totals.deferred ?? "–"} deferred`} />
      <Stat
        label="Bounce rate"
        value={rate(s?.totals.bounceRate ?? null)}
        hint={`${(s?.totals.bounced ?? 0) + (s?.totals.expired ?? 0)} bounced or expired`}
      />
      <Stat
        label="4xx / 5xx"
        value={s ? `${classTotal(s.codeClasses, "4xx")} / ${classTotal(s.codeClasses, "5xx")}` : "–"}
        hint="failed attempts by reply class"
      />
    </div>
  );
}

export function OutcomesCard({ summary: s, loading }: { summary: Summary | undefined; loading: boolean }) {
  const unit = s?.granularity === "minute" ? "minute" : "hour";
  return (
    <Card>
      <CardHeader title={`Outcomes per ${unit}`} description={`Accepted, deferred and bounced attempts (UTC ${unit}s).`} />
      <CardBody>
        <ChartFrame
          title={`Accepted, deferred and bounced per ${unit}`}
          description={
            s ? `${count(s.totals.sent)} accepted, ${count(s.totals.deferred)} deferred, ${count(s.totals.bounced)} bounced` : undefined
          }
          loading={loading}
          height={260}
        >
          <OutcomeAreaChart data={outcomesByTime(s?.series ?? [])} granularity={s?.granularity ?? "hour"} />
        </ChartFrame>
      </CardBody>
    </Card>
  );
}

export function FailuresCard({ summary: s }: { summary: Summary | undefined }) {
  const categories = failuresByCategory(s?.categories ?? []);
  return (
    <Card>
      <CardHeader title="Failures by category" description="Hard bounces and deferrals, classified from reply codes and provider texts." />
      <CardBody>
        <ChartFrame
          title="Bounces and deferrals per category"
          description={categories.map((c) => `${c.category}: ${c.bounced} bounced, ${c.deferred} deferred`).join("; ")}
          empty={categories.length === 0}
          emptyText="No failures in this range."
          height={Math.max(160, categories.length * 28 + 40)}
        >
          <CategoryBarChart data={categories} />
        </ChartFrame>
      </CardBody>
    </Card>
  );
}

const latencyColumns: DataColumn<LatencyRow>[] = [
  textColumn("provider", "Provider", (l) => l.provider, "font-medium text-slate-900"),
  numberColumn("count", "Accepted", (l) => l.count),
  numberColumn("p50", "p50", (l) => l.p50, seconds),
  numberColumn("p95", "p95", (l) => l.p95, seconds),
];

export function LatencyCard({ summary: s }: { summary: Summary | undefined }) {
  return (
    <TableCard
      title="Latency per provider"
      description="Time from queue entry to acceptance (Postfix delay=), accepted mail only."
      caption="Delivery latency per provider"
      columns={latencyColumns}
      rows={s?.latency}
      rowKey={(l) => l.provider}
      csvTitle="latency-per-provider"
      empty={{ title: "No accepted mail in this range" }}
    />
  );
}

const replyColumns: DataColumn<ReplyRow>[] = [
  numberColumn("count", "Count", (r) => r.count),
  textColumn("status", "Status", (r) => r.status),
  {
    id: "code",
    header: "Code",
    className: "font-mono text-xs",
    csv: (r) => [r.replyCode, r.enhancedCode].filter(Boolean).join(" "),
    cell: (r) => [r.replyCode, r.enhancedCode].filter(Boolean).join(" "),
  },
  textColumn("category", "Category", (r) => r.category, "text-xs"),
  textColumn("text", "Reply", (r) => r.text, "text-xs"),
];

export function TopRepliesCard({ summary: s }: { summary: Summary | undefined }) {
  return (
    <TableCard
      title="Top reply texts"
      description="The most frequent deferral and bounce replies; addresses are masked."
      caption="Most frequent deferral and bounce replies"
      columns={replyColumns}
      rows={s?.topReplies}
      // The five columns the server groups the replies by, so the key is unique.
      rowKey={(r) => [r.status, r.replyCode, r.enhancedCode, r.category, r.text].join("|")}
      csvTitle="top-replies"
      empty={{ title: "No deferral or bounce in this range" }}
    />
  );
}

export function QueueCard({ queue }: { queue: Queue | undefined }) {
  const series = queueWithLatency(queue);
  return (
    <Card>
      <CardHeader
        title="Queue depth and latency"
        description="Queued messages (postqueue snapshots) against mean delivery latency: rising together means congestion at home."
      />
      <CardBody>
        <ChartFrame
          title="Queued messages and mean latency"
          empty={series.length === 0}
          emptyText="No queue snapshots yet: run infra/log-shipping/postqueue-snapshot.sh every minute."
          height={260}
        >
          <QueueLatencyChart data={series} />
        </ChartFrame>
      </CardBody>
    </Card>
  );
}

export function UnparsedCard({ sources }: { sources: UnparsedSource[] | undefined }) {
  return (
    <Card>
      <CardHeader
        title="Unparsed lines"
        description="Lines no format recognised, counted per source and sampled (newest first). They never stop a batch."
      />
      {(sources ?? []).map((src) => (
        <CardBody key={src.source}>
          <p className="text-sm text-slate-700">
            <span className="font-medium">{src.source}</span>: {count(src.unparsed)} of {count(src.lines)} lines unparsed
          </p>
          {src.unparsedSample.length > 0 ? (
            <pre tabIndex={0} className="mt-2 max-h-48 overflow-auto rounded-md bg-slate-50 p-3 text-xs text-slate-700">
              {src.unparsedSample.join("\n")}
            </pre>
          ) : null}
        </CardBody>
      ))}
    </Card>
  );
}
