"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { IMPORT_COLUMNS, importTemplate, type ImportKind } from "@inboxwatch/services/analytics-import-format";
import { Badge, Button, Card, CardBody, CardHeader, DataTable, type DataColumn, downloadText, shortDuration } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";

import { AnalyticsNav } from "../analytics-nav";
import { ImportErrors } from "./import-errors";
import { UploadCard } from "./upload-card";

type ImportRow = RouterOutputs["analytics"]["imports"]["list"][number];

const KINDS: { kind: ImportKind; title: string; purpose: string; required: string }[] = [
  {
    kind: "metadata",
    title: "Message metadata",
    purpose:
      "Campaign and variant of each message (by Message-ID), and each recipient's acquisition source and signup date: what the cohort tables and A/B tests group by when your MTA logs carry no tags.",
    required: "Each row needs message_id or recipient.",
  },
  {
    kind: "conversions",
    title: "Conversions",
    purpose:
      "Orders and sign-ups from your own systems (no tracking pixel), with value and currency: the conversion rates of cohorts and experiments and the revenue of the ROI model. Re-sending a conversion updates it.",
    required: "All but campaign are required.",
  },
];

const KIND_LABEL: Record<ImportKind, string> = { metadata: "Metadata", conversions: "Conversions" };
const STATUS_TONE = { PENDING: "slate", RUNNING: "blue", IMPORTED: "green", FAILED: "red" } as const;
const STATUS_LABEL = { PENDING: "Waiting", RUNNING: "Running", IMPORTED: "Imported", FAILED: "Failed" } as const;

export function ImportStatus({ row }: { row: Pick<ImportRow, "status"> }) {
  return <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>;
}

const rowsText = (r: ImportRow) =>
  r.status === "IMPORTED"
    ? r.rowsImported.toLocaleString("en-US")
    : r.status === "FAILED"
      ? `${r.rowsRead.toLocaleString("en-US")} read, none imported`
      : r.rowsImported > 0
        ? `${r.rowsImported.toLocaleString("en-US")} of ${r.rowsRead.toLocaleString("en-US")} written…`
        : r.rowsRead > 0
          ? `${r.rowsRead.toLocaleString("en-US")} read…`
          : "—";

function historyColumns(onShowErrors: (id: string) => void): DataColumn<ImportRow>[] {
  return [
    { id: "kind", header: "Kind", cell: (r) => KIND_LABEL[r.kind], sortValue: (r) => r.kind, csv: (r) => r.kind },
    { id: "via", header: "Via", cell: (r) => (r.via === "csv" ? "CSV upload" : "API"), csv: (r) => r.via },
    { id: "file", header: "File", cell: (r) => r.fileName || "—", csv: (r) => r.fileName, className: "max-w-[16rem] truncate" },
    { id: "rows", header: "Rows", cell: rowsText, align: "right", sortValue: (r) => r.rowsImported, csv: (r) => r.rowsImported },
    {
      id: "status",
      header: "Status",
      cell: (r) =>
        r.status === "FAILED" ? (
          <button type="button" className="inline-flex items-center gap-2" onClick={() => onShowErrors(r.id)}>
            <ImportStatus row={r} />
            <span className="text-sm text-brand-700 underline">
              {r.errors.length + r.moreErrors === 1 ? "1 error" : `${(r.errors.length + r.moreErrors).toLocaleString("en-US")} errors`}
            </span>
          </button>
        ) : (
          <ImportStatus row={r} />
        ),
      sortValue: (r) => r.status,
      csv: (r) => r.status,
    },
    {
      id: "when",
      header: "When",
      cell: (r) => <span title={r.createdAt.toLocaleString()}>{shortDuration(r.createdAt)} ago</span>,
      sortValue: (r) => r.createdAt.getTime(),
      csv: (r) => r.createdAt.toISOString(),
    },
    { id: "by", header: "By", cell: (r) => r.createdBy ?? "—", csv: (r) => r.createdBy ?? "" },
  ];
}

/** Metadata and conversion imports: what each is for, templates, the upload (analytics.write) and the history. */
export default function AnalyticsDataPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.analytics.imports.list.queryOptions({}),
    // While an upload waits for the worker or runs, the history follows it.
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === "PENDING" || r.status === "RUNNING") ? 2_000 : false),
  });
  const failed = list.data?.find((r) => r.id === shown && r.status === "FAILED") ?? null;
  return (
    <Page
      title="Data imports"
      description="Your own data in: message metadata and conversions, by CSV upload here or through the REST API. An import is all rows or none."
      breadcrumbs={[{ label: "Analytics", href: org.href("analytics") }, { label: "Data imports" }]}
    >
      <AnalyticsNav />
      <div className="space-y-6">
        <section aria-label="Import kinds" className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          {KINDS.map((k) => (
            <Card key={k.kind}>
              <CardHeader
                title={k.title}
                actions={
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => downloadText(`inboxwatch-${k.kind}-template.csv`, importTemplate(k.kind))}
                  >
                    Download template
                  </Button>
                }
              />
              <CardBody className="space-y-2 text-sm text-slate-600">
                <p>{k.purpose}</p>
                <p>
                  Columns: <code className="text-xs text-slate-800">{IMPORT_COLUMNS[k.kind].join(", ")}</code>. {k.required} Recipients are
                  stored as your organization&apos;s keyed hash, never in clear.
                </p>
              </CardBody>
            </Card>
          ))}
        </section>
        {org.can("analytics.write") ? (
          <UploadCard
            onUploaded={(id) => {
              setShown(id);
              void queryClient.invalidateQueries({ queryKey: trpc.analytics.imports.list.queryKey() });
            }}
          />
        ) : null}
        {failed ? <ImportErrors row={failed} onClose={() => setShown(null)} /> : null}
        <DataTable
          caption="Import history"
          csvTitle="Analytics imports"
          columns={historyColumns(setShown)}
          rows={list.data}
          rowKey={(r) => r.id}
          loading={list.isLoading}
          error={list.error ? errorMessage(list.error) : null}
          onRetry={() => void list.refetch()}
          empty={{
            title: "No imports yet",
            hint: org.can("analytics.write")
              ? "Upload a CSV above, or POST rows to /api/v1/analytics/metadata and /api/v1/analytics/conversions."
              : "A member with analytics write access can upload metadata and conversions.",
          }}
          pageSize={20}
        />
      </div>
    </Page>
  );
}
