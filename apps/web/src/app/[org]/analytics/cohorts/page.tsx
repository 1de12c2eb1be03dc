"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

import {
  Button,
  Card,
  CardBody,
  CardHeader,
  csvFileName,
  downloadText,
  EmptyState,
  LoadingRows,
  Notice,
  Segmented,
  toCsv,
} from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { AnalyticsNav } from "../analytics-nav";
import {
  bestCohortSentence,
  COLUMN_LAYOUTS,
  type ColumnsId,
  csvColumns,
  csvRows,
  formatDuration,
  GROUPINGS,
  type GroupingId,
  METRICS,
  type MetricId,
  type ReadyCohorts,
  timeAgo,
} from "./heat-map";
import { HeatMapTable } from "./heat-map-table";

function pick<T extends string>(value: string | null, options: readonly { id: T }[]): T {
  return options.find((o) => o.id === value)?.id ?? (options[0] as { id: T }).id;
}

/** How long after "Refresh now" the page looks again: the worker picks the job up within seconds. */
const REFETCH_AFTER_REFRESH_MS = [4000, 12_000, 30_000];

/** Cohort tables as heat maps: acquisition source × provider or signup month, by week since signup or calendar week. */
export default function CohortsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const grouping: GroupingId = pick(params.get("grouping"), GROUPINGS);
  const columns: ColumnsId = pick(params.get("columns"), COLUMN_LAYOUTS);
  const metric: MetricId = pick(params.get("metric") ?? "conversion", METRICS);
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const cohorts = useQuery(trpc.analytics.cohorts.get.queryOptions({ grouping, columns, metric }));
  const [queuedAt, setQueuedAt] = useState<Date | null>(null);
  const refresh = useMutation(trpc.analytics.cohorts.refresh.mutationOptions({ onSuccess: (r) => setQueuedAt(r.queuedAt) }));
  useEffect(() => {
    if (!queuedAt) return;
    const timers = REFETCH_AFTER_REFRESH_MS.map((ms) =>
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: trpc.analytics.cohorts.get.pathKey() }), ms),
    );
    return () => timers.forEach(clearTimeout);
  }, [queuedAt, queryClient, trpc]);

  const data = cohorts.data;
  const canRefresh = org.can("analytics.write");
  const refreshButton = canRefresh ? (
    <Button variant="secondary" size="sm" loading={refresh.isPending} onClick={() => refresh.mutate()}>
      Refresh now
    </Button>
  ) : null;
  const refreshed =
    data?.state === "ready" ? (
      <span className="text-xs text-slate-500" title={data.computedAt.toISOString()}>
        Refreshed {timeAgo(data.computedAt)} (computed in {formatDuration(data.durationMs)})
        {queuedAt && queuedAt > data.computedAt ? " · refresh queued" : ""}
      </span>
    ) : null;

  return (
    <Page
      title="Cohorts"
      description="How groups of recipients fare over time: by where they came from and their mailbox provider, or by the month they signed up."
      breadcrumbs={[{ label: "Analytics", href: org.href("analytics") }, { label: "Cohorts" }]}
    >
      <AnalyticsNav />
      <div className="space-y-6">
        <div className="flex flex-wrap items-end gap-4">
          <Segmented label="Cohorts" options={GROUPINGS} value={grouping} onChange={(v) => update({ grouping: v })} />
          <Segmented label="Columns" options={COLUMN_LAYOUTS} value={columns} onChange={(v) => update({ columns: v })} />
          <Segmented label="Rate" options={METRICS} value={metric} onChange={(v) => update({ metric: v })} />
        </div>
        {refresh.error ? <Notice title="The refresh could not be queued">{errorMessage(refresh.error)}</Notice> : null}
        {cohorts.error ? (
          <Notice title="The cohort table could not be read">{errorMessage(cohorts.error)}</Notice>
        ) : !data ? (
          <Card>
            <CardBody>
              <LoadingRows rows={6} />
            </CardBody>
          </Card>
        ) : data.state === "not-computed" ? (
          <EmptyState title="Not computed yet" action={refreshButton}>
            Cohort tables are computed by a background job after data arrives (and every 30 minutes), never while you wait.
            {queuedAt ? " A refresh is queued: this page updates when it is done." : ""}
          </EmptyState>
        ) : data.rows.length === 0 ? (
          <EmptyState
            title="No cohorts yet"
            action={
              <Link href={org.href("analytics/data")} className="text-sm font-medium text-brand-700 hover:text-brand-900">
                Go to Data imports →
              </Link>
            }
          >
            Cohorts join your delivery events to recipient profiles: import each recipient&apos;s acquisition source and signup date with
            the metadata import (CSV or REST) on Data imports, and conversions with the conversion import. {refreshed}
          </EmptyState>
        ) : (
          <Ready data={data} refreshed={refreshed} refreshButton={refreshButton} orgHref={org.href("analytics/data")} />
        )}
      </div>
    </Page>
  );
}

function Ready({
  data,
  refreshed,
  refreshButton,
  orgHref,
}: {
  data: ReadyCohorts;
  refreshed: React.ReactNode;
  refreshButton: React.ReactNode;
  orgHref: string;
}) {
  const best = bestCohortSentence(data);
  const onlyUnknown = data.rows.every((r) => r.source === "(unknown source)" || r.label === "(no signup date)");
  const layout = data.columns === "calendar-week" ? "calendar week" : "week since signup";
  return (
    <>
      {best ? (
        <section aria-label="Best cohort" className="rounded-xl bg-brand-50 px-5 py-4 ring-1 ring-inset ring-brand-100">
          <p className="text-base font-semibold text-brand-900">{best}</p>
          <p className="mt-1 text-sm text-brand-800">
            Ranked by the lower end of each cohort&apos;s 95 % confidence interval, among cohorts with at least{" "}
            {data.metric.minVolume.toLocaleString("en-US")} {data.metric.volumeNoun}: a small cohort&apos;s lucky streak does not win.
          </p>
        </section>
      ) : (
        <Notice tone="slate" title="No best cohort yet">
          No cohort has the {data.metric.minVolume.toLocaleString("en-US")} {data.metric.volumeNoun} a fair comparison needs
          {data.metric.needsEngagement && !data.hasEngagement ? ", and no source reports opens or clicks (MTA logs never do)" : ""}.
        </Notice>
      )}
      {onlyUnknown ? (
        <Notice tone="amber" title="Every recipient is in the unknown cohort">
          No recipient profile matched your mail yet. Import acquisition source and signup date on{" "}
          <Link className="underline" href={orgHref}>
            Data imports
          </Link>
          .
        </Notice>
      ) : null}
      <Card>
        <CardHeader
          title={`${data.metric.label} by ${layout}`}
          description={data.metric.formula}
          actions={
            <div className="flex flex-wrap items-center gap-3">
              {refreshed}
              {refreshButton}
              <Button
                variant="ghost"
                size="sm"
                onClick={() =>
                  downloadText(csvFileName(`cohorts ${data.grouping} ${data.columns}`), toCsv(csvRows(data), csvColumns(data)))
                }
              >
                Download CSV
              </Button>
            </div>
          }
        />
        <CardBody>
          <HeatMapTable data={data} />
          {data.hiddenCohorts > 0 ? (
            <p className="mt-3 text-xs text-slate-500">
              {data.hiddenCohorts.toLocaleString("en-US")} smaller cohorts are not shown; they are counted in “All cohorts”.
            </p>
          ) : null}
        </CardBody>
      </Card>
      <section aria-label="How to read this table" className="grid gap-4 text-sm text-slate-600 md:grid-cols-2">
        <div>
          <h2 className="font-medium text-slate-900">Inbox proxy (engagement)</h2>
          <p className="mt-1">
            Inbox placement is not measured here (no seed tests yet): the inbox proxy is the share of delivered messages opened at least
            once. Mail in the spam folder is rarely opened, so a falling proxy hints at the spam folder — but it is a lower bound, since
            inbox mail is not always opened, and machine opens (Apple Mail Privacy Protection) raise it.
          </p>
        </div>
        <div>
          <h2 className="font-medium text-slate-900">Cohorts, cells and conversions</h2>
          <p className="mt-1">
            A message counts in the week of its first delivery attempt. n is the number of distinct recipients in the cell. A conversion
            counts for the most recent delivered message to the same recipient within {data.attributionDays} days before it. Recipients
            without a profile are kept as “(unknown source)” or “(no signup date)”, never dropped.
          </p>
        </div>
      </section>
    </>
  );
}
