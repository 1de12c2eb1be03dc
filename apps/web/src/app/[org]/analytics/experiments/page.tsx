"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Badge, Button, type DataColumn, DataTable } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";

import { AnalyticsNav } from "../analytics-nav";
import { ExperimentForm } from "./experiment-form";
import { emptyExperimentForm, METRIC_OPTIONS } from "./form-schema";
import { formatRefreshed, verdictBadge } from "./format";

type Row = RouterOutputs["analytics"]["experiments"]["list"][number];

const STATUS_TONE = { RUNNING: "blue", STOPPED: "slate", DRAFT: "slate" } as const;
const metricLabel = (m: string) => METRIC_OPTIONS.find((o) => o.value === m)?.label.split(" (")[0] ?? m;

/** The organization's A/B tests with their verdicts, and the form that starts a new one. */
export default function ExperimentsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.analytics.experiments.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  const [creating, setCreating] = useState(false);
  const canWrite = org.can("analytics.write");
  const create = useMutation(
    trpc.analytics.experiments.create.mutationOptions({
      onSuccess: async (e) => {
        setCreating(false);
        await queryClient.invalidateQueries({ queryKey: trpc.analytics.experiments.pathKey() });
        router.push(org.href(`analytics/experiments/${e.id}`));
      },
    }),
  );
  const add = canWrite ? (
    <Button onClick={() => setCreating(true)} disabled={creating}>
      <Icon name="plus" className="size-4" /> New experiment
    </Button>
  ) : null;

  const columns: DataColumn<Row>[] = [
    {
      id: "name",
      header: "Experiment",
      cell: (r) => (
        <div className="min-w-0">
          <Link href={org.href(`analytics/experiments/${r.id}`)} className="font-medium text-brand-700 hover:underline">
            {r.name}
          </Link>
          {r.hypothesis ? <p className="line-clamp-1 max-w-md text-xs text-slate-500">{r.hypothesis}</p> : null}
        </div>
      ),
      sortValue: (r) => r.name.toLowerCase(),
      csv: (r) => r.name,
      className: "whitespace-normal min-w-64",
    },
    {
      id: "status",
      header: "Status",
      cell: (r) => (
        <Badge tone={STATUS_TONE[r.status]}>{r.status === "RUNNING" ? "Running" : r.status === "STOPPED" ? "Stopped" : "Draft"}</Badge>
      ),
      sortValue: (r) => r.status,
      csv: (r) => r.status,
    },
    { id: "metric", header: "Metric", cell: (r) => metricLabel(r.metric), sortValue: (r) => r.metric, csv: (r) => r.metric },
    {
      id: "variants",
      header: "Variants",
      cell: (r) => (
        <span className="text-sm text-slate-700" title={r.variants.map((v) => `${v.key}: ${v.label || v.key}`).join("\n")}>
          {r.variants.map((v) => v.key).join(" vs ")}
        </span>
      ),
      csv: (r) => r.variants.map((v) => v.key).join(" | "),
      className: "whitespace-normal",
    },
    {
      id: "verdict",
      header: "Verdict",
      cell: (r) => {
        // The key in the badge (labels can be whole subject lines); the sentence on hover.
        const b = verdictBadge(r.result.view?.verdict ?? null, (k) => k);
        return (
          <span title={r.result.view?.verdict.sentence}>
            <Badge tone={b.tone}>{b.text}</Badge>
          </span>
        );
      },
      sortValue: (r) => r.result.view?.verdict.kind ?? "",
      csv: (r) => r.result.view?.verdict.sentence ?? "not computed yet",
      csvHeader: "Verdict",
    },
    {
      id: "refreshed",
      header: "Last refreshed",
      cell: (r) => (
        <span className="text-sm text-slate-600" title={r.result.computedAt?.toISOString()}>
          {formatRefreshed(r.result.computedAt)}
          {r.result.stale && r.result.computedAt ? <span className="ml-1 text-xs text-amber-700">(changed since)</span> : null}
        </span>
      ),
      sortValue: (r) => r.result.computedAt?.getTime() ?? 0,
      csv: (r) => r.result.computedAt?.toISOString() ?? "",
    },
  ];

  return (
    <Page
      title="Experiments"
      description="A/B tests of subject lines, authentication and cadence: each variant's rate with its confidence interval, and a verdict you can trust."
      actions={add}
      breadcrumbs={[{ label: "Analytics", href: org.href("analytics") }, { label: "Experiments" }]}
    >
      <AnalyticsNav />
      {creating ? (
        <ExperimentForm
          initial={emptyExperimentForm()}
          editing={false}
          pending={create.isPending}
          error={create.error}
          onSubmit={(input) => create.mutate(input)}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <DataTable
        columns={columns}
        rows={list.data}
        rowKey={(r) => r.id}
        loading={list.isLoading}
        error={errorMessage(list.error)}
        onRetry={() => void list.refetch()}
        caption="Experiments"
        csvTitle="experiments"
        empty={{
          title: "No experiments yet",
          hint: (
            <>
              An experiment sends two or more versions of a message — a subject line, a sending domain, a send time — to comparable
              recipients and tells you which one does better, with how sure that is. Tag each message with its variant (ESP tags, the
              metadata import or the recipient import), then start an experiment here.
            </>
          ),
          action: add,
        }}
      />
    </Page>
  );
}
