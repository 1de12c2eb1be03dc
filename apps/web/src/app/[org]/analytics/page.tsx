"use client";

import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";

import { Card, CardBody, CardHeader, LoadingRows, Notice, Tabs } from "@inboxwatch/ui";

import { Page } from "~/components/page";

import { errorMessage, useTRPC } from "~/trpc/react";

import { AnalyticsNav } from "./analytics-nav";
import { BreakdownTable } from "./breakdown-table";
import { KpiTable } from "./kpi-table";
import { KpiTiles } from "./kpi-tiles";
import { OpenRateCard } from "./open-rate-card";
import { PortTiles } from "./port-tiles";
import { QueueLatencyChart } from "./queue-latency-chart";
import { ReplyCodeChart } from "./reply-code-chart";
import { TrendChart } from "./trend-chart";
import { DIMENSIONS, type Dimension, useAnalyticsView } from "./use-analytics-query";
import { ViewControls } from "./view-controls";

/** Drilling into a segment filters the view to it and breaks it down by the next dimension. */
const NEXT_DIMENSION: Record<Dimension, Dimension> = {
  provider: "senderDomain",
  senderDomain: "serverId",
  serverId: "provider",
  campaign: "provider",
};

function AnalyticsOverview() {
  const trpc = useTRPC();
  const [view, update] = useAnalyticsView();
  const { preset: _preset, ...query } = view;
  const overview = useQuery(trpc.analytics.overview.queryOptions(query));
  const { from, to, provider, senderDomain, serverId, campaign } = view;
  // The panels do not depend on the comparison or the breakdown: switching those does not refetch them.
  const panels = useQuery(trpc.analytics.panels.queryOptions({ from, to, provider, senderDomain, serverId, campaign }));
  const data = overview.data;
  const serverName = (id: string) => data?.breakdown.rows.find((r) => r.key === id)?.label ?? "this server";
  return (
    <Page
      title="Analytics"
      description="How much of your mail is accepted and reaches the inbox, for which segments, and how it is trending."
    >
      <AnalyticsNav />
      <div className="space-y-6">
        <ViewControls view={view} update={update} serverName={serverName} />
        {overview.error ? (
          <Notice title="The analytics could not be loaded">{errorMessage(overview.error)}</Notice>
        ) : !data ? (
          <Card>
            <CardBody>
              <LoadingRows rows={6} />
            </CardBody>
          </Card>
        ) : (
          <>
            <KpiTiles kpis={data.kpis} compared={view.compare} />
            <section aria-label="Engagement" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
              <OpenRateCard kpis={data.kpis} />
            </section>
            {panels.error ? (
              <Notice title="The port and queue panels could not be loaded">{errorMessage(panels.error)}</Notice>
            ) : panels.data ? (
              <PortTiles panels={panels.data} serverId={serverId} />
            ) : (
              <LoadingRows rows={2} />
            )}
            <TrendChart data={data} />
            {panels.data ? (
              <div className="grid gap-6 xl:grid-cols-2">
                <ReplyCodeChart data={panels.data.replyCodes} view={view} />
                <QueueLatencyChart data={panels.data.queueLatency} view={view} />
              </div>
            ) : null}
            <Card>
              <CardHeader title="Segments" description="Click a segment to filter every figure on this page to it." />
              <CardBody>
                <Tabs
                  label="Break down by"
                  value={view.breakdown}
                  onChange={(id) => update({ breakdown: id })}
                  tabs={DIMENSIONS.map((d) => ({
                    id: d.id,
                    label: d.label,
                    content: (
                      <BreakdownTable
                        data={data}
                        onDrill={(dim, key) => update({ [dim]: key || undefined, breakdown: NEXT_DIMENSION[dim] })}
                      />
                    ),
                  }))}
                />
              </CardBody>
            </Card>
            <section aria-labelledby="all-kpis">
              <h2 id="all-kpis" className="mb-2 text-base font-semibold text-slate-900">
                Every KPI
              </h2>
              <KpiTable kpis={data.kpis} compared={view.compare} />
            </section>
          </>
        )}
      </div>
    </Page>
  );
}

export default function AnalyticsPage() {
  return (
    <Suspense>
      <AnalyticsOverview />
    </Suspense>
  );
}
