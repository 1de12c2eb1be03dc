"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { useState } from "react";

import { Badge, Button, Card, CardBody, CardHeader, type DataColumn, DataTable, LoadingRows, Notice, useConfirm } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { AnalyticsNav } from "../../analytics-nav";
import { ExperimentForm } from "../experiment-form";
import { CHANGE_KIND_OPTIONS, experimentFormOf } from "../form-schema";
import { formatCount, formatMoney, formatPoints, formatPValue, formatRate, formatRefreshed, sampleProgress, verdictBadge } from "../format";
import { CumulativeChart, DifferencePlot, RateChart } from "./charts";
import { type ExperimentDetail, type ExperimentResultView } from "./types";

interface Words {
  label: string;
  trials: string;
  successes: string;
}

const METRIC_WORDS: Record<string, Words> = {
  accepted: { label: "accepted rate", trials: "Attempted", successes: "Accepted" },
  open: { label: "open rate", trials: "Delivered", successes: "Opened (unique)" },
  click: { label: "click rate", trials: "Delivered", successes: "Clicked (unique)" },
  complaint: { label: "complaint rate", trials: "Delivered", successes: "Complaints" },
  conversion: { label: "conversion rate", trials: "Recipients delivered", successes: "Converted" },
};

/** One experiment's result: per-variant rates and intervals, the difference and its test, sample size and the running rate. */
export default function ExperimentPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirm, confirmDialog] = useConfirm();
  const experiment = useQuery(trpc.analytics.experiments.get.queryOptions({ id }, { refetchInterval: 15_000 }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.analytics.experiments.pathKey() });
  const update = useMutation(
    trpc.analytics.experiments.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await invalidate();
      },
    }),
  );
  const stop = useMutation(trpc.analytics.experiments.stop.mutationOptions({ onSuccess: invalidate }));
  const refresh = useMutation(trpc.analytics.experiments.refresh.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.analytics.experiments.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push(org.href("analytics/experiments"));
      },
    }),
  );
  const breadcrumbs = (name: string) => [
    { label: "Analytics", href: org.href("analytics") },
    { label: "Experiments", href: org.href("analytics/experiments") },
    { label: name },
  ];

  if (experiment.error) {
    return (
      <Page title="Experiment" breadcrumbs={breadcrumbs("Experiment")}>
        <AnalyticsNav />
        <Notice title="Cannot show this experiment">{errorMessage(experiment.error)}</Notice>
      </Page>
    );
  }
  const e = experiment.data;
  if (!e) {
    return (
      <Page title="Experiment" breadcrumbs={breadcrumbs("Experiment")}>
        <AnalyticsNav />
        <LoadingRows rows={6} />
      </Page>
    );
  }
  const canWrite = org.can("analytics.write");
  const words = METRIC_WORDS[e.metric] ?? { label: e.metric, trials: "Trials", successes: "Successes" };
  const actions = canWrite ? (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => setEditing(true)} disabled={editing}>
        Edit
      </Button>
      {e.status === "RUNNING" ? (
        <Button
          variant="secondary"
          loading={stop.isPending}
          onClick={() =>
            void confirm({
              title: `Stop "${e.name}"?`,
              message: "Mail sent from now on no longer counts; the results are computed once more and then kept.",
              confirmLabel: "Stop experiment",
            }).then((yes) => yes && stop.mutate({ id }))
          }
        >
          Stop
        </Button>
      ) : null}
      <Button
        variant="danger"
        loading={remove.isPending}
        onClick={() =>
          void confirm({
            title: `Delete "${e.name}"?`,
            message: "The experiment and its results go; the messages and their tags stay.",
            confirmLabel: "Delete experiment",
          }).then((yes) => yes && remove.mutate({ id }))
        }
      >
        Delete
      </Button>
    </div>
  ) : null;
  const mutationError = stop.error ?? remove.error ?? refresh.error;
  const view = e.result.view;
  return (
    <Page
      title={
        <span className="flex flex-wrap items-center gap-2">
          {e.name}
          <Badge tone={e.status === "RUNNING" ? "blue" : "slate"}>{e.status === "RUNNING" ? "Running" : "Stopped"}</Badge>
        </span>
      }
      description={describeExperiment(e, words.label)}
      actions={actions}
      breadcrumbs={breadcrumbs(e.name)}
    >
      <AnalyticsNav />
      {confirmDialog}
      <div className="space-y-6">
        {mutationError ? <Notice>{errorMessage(mutationError)}</Notice> : null}
        {editing ? (
          <ExperimentForm
            initial={experimentFormOf(e)}
            editing
            pending={update.isPending}
            error={update.error}
            onSubmit={(input) => update.mutate({ id, ...input })}
            onCancel={() => setEditing(false)}
          />
        ) : null}
        <RefreshLine
          experiment={e}
          canWrite={canWrite}
          pending={refresh.isPending}
          queued={refresh.isSuccess}
          onRefresh={() => refresh.mutate()}
        />
        {!view ? (
          <Card>
            <CardBody>
              <p className="text-sm text-slate-600">
                The results have not been computed yet. The background job computes them shortly after a change (a few minutes at most while
                mail is arriving); this page updates by itself.
              </p>
            </CardBody>
          </Card>
        ) : (
          <Results experiment={e} view={view} words={words} />
        )}
      </div>
    </Page>
  );
}

function describeExperiment(e: ExperimentDetail, metric: string): string {
  const change = CHANGE_KIND_OPTIONS.find((o) => o.value === e.changeKind)?.label ?? e.changeKind;
  const period = `${e.startsAt.toISOString().slice(0, 10)} → ${e.endsAt ? new Date(e.endsAt.getTime() - 1).toISOString().slice(0, 10) : "until stopped"}`;
  const scope =
    e.assignBy === "senderDomain" ? "split by sending domain" : `split by variant tag${e.campaign ? ` in campaign “${e.campaign}”` : ""}`;
  return `${e.hypothesis ? `${e.hypothesis} · ` : ""}${change}; ${metric}, ${scope}; ${period} (UTC)`;
}

function RefreshLine({
  experiment: e,
  canWrite,
  pending,
  queued,
  onRefresh,
}: {
  experiment: ExperimentDetail;
  canWrite: boolean;
  pending: boolean;
  queued: boolean;
  onRefresh: () => void;
}) {
  const r = e.result;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
      <span title={r.computedAt?.toISOString()}>
        Last refreshed <strong className="font-medium text-slate-800">{formatRefreshed(r.computedAt)}</strong>
        {r.durationMs !== null ? ` (computed in ${formatCount(r.durationMs)} ms)` : ""}
      </span>
      {r.stale && r.computedAt ? <Badge tone="amber">Settings changed since — a refresh is queued</Badge> : null}
      {canWrite ? (
        <Button variant="secondary" size="sm" loading={pending} onClick={onRefresh}>
          Refresh now
        </Button>
      ) : null}
      {queued ? <span className="text-xs text-slate-500">Queued: the results update shortly.</span> : null}
    </div>
  );
}

function Results({ experiment: e, view, words }: { experiment: ExperimentDetail; view: ExperimentResultView; words: Words }) {
  const labels = new Map(view.variants.map((v) => [v.key, v.label]));
  const badge = verdictBadge(view.verdict, (k) => labels.get(k) ?? k);
  const confidence = `${Number((view.confidence * 100).toFixed(1))} %`;
  return (
    <>
      <Card>
        <CardBody className="space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <Badge tone={badge.tone}>{badge.text}</Badge>
            <p className="text-lg font-semibold text-slate-900">{view.verdict.sentence}</p>
          </div>
          <p className="text-sm text-slate-600">
            <strong className="font-medium text-slate-800">{view.methodStatement}.</strong>{" "}
            {view.variants.length > 2
              ? `Each of the ${view.variants.length - 1} variants is compared with the control at ${confidence} confidence (α ${view.plannedAlpha} split between them, Bonferroni).`
              : `Intervals and the test at ${confidence} confidence (α ${view.plannedAlpha}).`}
            {view.better === "lower" ? " Fewer is better for this metric." : ""}
          </p>
          {view.unassigned > 0 ? (
            <p className="text-xs text-amber-800">
              {formatCount(view.unassigned)} messages of the window{e.campaign ? " and campaign" : ""} carry a variant that is none of this
              experiment&apos;s keys — check the keys if that is unexpected.
            </p>
          ) : null}
        </CardBody>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardBody>
            <RateChart view={view} metricLabel={words.label} />
          </CardBody>
        </Card>
        <Card>
          <CardBody>
            <DifferencePlot view={view} />
            <div className="mt-5 border-t border-slate-100 pt-4">
              <SampleSize view={view} trialsWord={words.trials.toLowerCase()} />
            </div>
          </CardBody>
        </Card>
      </div>

      <VariantTable view={view} words={words} />

      <Card>
        <CardBody>
          <CumulativeChart view={view} metricLabel={words.label} />
        </CardBody>
      </Card>

      {view.metric === "conversion" ? <RevenueCard view={view} /> : null}
    </>
  );
}

function SampleSize({ view, trialsWord }: { view: ExperimentResultView; trialsWord: string }) {
  const { neededPerVariant: needed, reachedPerVariant: reached } = view.sampleSize;
  const progress = sampleProgress(reached, needed);
  return (
    <section aria-label="Sample size">
      <h3 className="text-sm font-semibold text-slate-900">Sample size</h3>
      <p className="mt-1 text-sm text-slate-600">
        Planned to detect {formatPoints(view.mde).replace("+", "")} (minimum detectable effect) at{" "}
        {Number((view.confidence * 100).toFixed(1))} % confidence and 80 % power.
      </p>
      {needed !== null && progress !== null ? (
        <>
          <div
            className="mt-3 h-3 overflow-hidden rounded-full bg-slate-100"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={needed}
            aria-valuenow={Math.min(reached, needed)}
            aria-label="Sample size reached"
          >
            <div
              className={`h-full rounded-full ${progress >= 1 ? "bg-emerald-500" : "bg-brand-600"}`}
              style={{ width: `${progress * 100}%` }}
            />
          </div>
          <p className="mt-1 text-xs text-slate-600">
            {formatCount(reached)} of {formatCount(needed)} {trialsWord} per variant ({Math.floor(progress * 100)} %)
          </p>
        </>
      ) : (
        <p className="mt-2 text-xs text-slate-500">The sample size needed is known once the control has a rate between 0 and 100 %.</p>
      )}
      <p className="mt-2 text-xs text-slate-500">
        With the mail so far, the smallest difference this test can detect is{" "}
        {view.minimumDetectableEffect !== null ? formatPoints(view.minimumDetectableEffect).replace("+", "") : "not known yet"}.
      </p>
    </section>
  );
}

type VariantRow = ExperimentResultView["variants"][number];

function VariantTable({ view, words }: { view: ExperimentResultView; words: Words }) {
  const comparison = (key: string) => view.comparisons.find((c) => c.variant === key);
  const columns: DataColumn<VariantRow>[] = [
    {
      id: "variant",
      header: "Variant",
      cell: (v) => (
        <span className="font-medium text-slate-900">
          {v.label}
          {v.control ? <span className="ml-2 text-xs font-normal text-slate-500">control</span> : null}
          {v.label !== v.key ? <span className="block text-xs font-normal text-slate-500">{v.key}</span> : null}
        </span>
      ),
      csv: (v) => v.key,
      className: "whitespace-normal",
    },
    { id: "trials", header: words.trials, cell: (v) => formatCount(v.trials), csv: (v) => v.trials, align: "right" },
    { id: "successes", header: words.successes, cell: (v) => formatCount(v.successes), csv: (v) => v.successes, align: "right" },
    {
      id: "rate",
      header: "Rate",
      cell: (v) => <strong className="font-semibold">{formatRate(v.rate)}</strong>,
      csv: (v) => v.rate,
      align: "right",
    },
    {
      id: "interval",
      header: `${Number((view.confidence * 100).toFixed(1))} % CI`,
      cell: (v) => (v.interval ? `${formatRate(v.interval.low)} – ${formatRate(v.interval.high)}` : "no data"),
      csv: (v) => (v.interval ? `${v.interval.low}..${v.interval.high}` : ""),
      align: "right",
    },
    {
      id: "difference",
      header: "vs control",
      cell: (v) => {
        const c = comparison(v.key);
        if (v.control) return <span className="text-slate-400">—</span>;
        if (!c) return <span className="text-slate-500">not tested yet</span>;
        return (
          <span>
            {formatPoints(c.difference)}
            {c.interval ? (
              <span className="block text-xs text-slate-500">
                {formatPoints(c.interval.low)} to {formatPoints(c.interval.high)}
              </span>
            ) : null}
          </span>
        );
      },
      csv: (v) => comparison(v.key)?.difference ?? "",
      align: "right",
    },
    {
      id: "p",
      header: view.design === "sequential" ? "p (mSPRT)" : "p (z-test)",
      cell: (v) => {
        const c = comparison(v.key);
        if (v.control || !c) return <span className="text-slate-400">—</span>;
        return (
          <span>
            {formatPValue(c.pValue)}
            {c.significant ? <span className="ml-1 text-xs font-medium text-emerald-700">significant</span> : null}
          </span>
        );
      },
      csv: (v) => comparison(v.key)?.pValue ?? "",
      align: "right",
    },
  ];
  return (
    <Card>
      <CardHeader title="Variants" description={`Every variant against the control on the ${words.label}.`} />
      <DataTable
        columns={columns}
        rows={view.variants}
        rowKey={(v) => v.key}
        pageSize={0}
        card={false}
        csvTitle="experiment-variants"
        caption="Variants"
        empty={{ title: "No variants" }}
      />
    </Card>
  );
}

function RevenueCard({ view }: { view: ExperimentResultView }) {
  const currencies = [...new Set(view.variants.flatMap((v) => v.revenue.map((r) => r.currency)))].sort();
  return (
    <Card>
      <CardHeader
        title="Revenue attributed to each variant"
        description="Conversions counted for the latest message delivered before them within the conversion window; currencies are never added together."
      />
      <CardBody>
        {currencies.length === 0 ? (
          <p className="text-sm text-slate-500">No conversions attributed to the experiment&apos;s messages yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-1 font-medium">Variant</th>
                {currencies.map((c) => (
                  <th key={c} className="py-1 text-right font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.variants.map((v) => (
                <tr key={v.key} className="border-t border-slate-100">
                  <td className="py-2 font-medium text-slate-800">{v.label}</td>
                  {currencies.map((c) => {
                    const r = v.revenue.find((x) => x.currency === c);
                    return (
                      <td key={c} className="py-2 text-right tabular-nums">
                        {r ? formatMoney(r.value, c) : "—"}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardBody>
    </Card>
  );
}
