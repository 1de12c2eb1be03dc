"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";

import { Button, Card, CardBody, CardHeader, Notice, useConfirm } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { ReportPageFallback } from "../../page-fallback";
import { scheduleOf } from "../../definitions-table";
import { EditionsTable } from "../../editions-table";
import { reportFormOf } from "../../form-model";
import { formatInZone } from "../../format";
import { ReportForm } from "../../report-form";
import { ReportFrame } from "../../report-frame";
import { useReportFormOptions } from "../../use-form-options";

/** One report definition: edit it, send it now, preview it, delete it, and its own editions. */
function DefinitionPage() {
  const { id } = useParams<{ id: string }>();
  const justCreated = useSearchParams().get("created") === "1";
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirm, confirmDialog] = useConfirm();
  const [previewing, setPreviewing] = useState(false);
  const options = useReportFormOptions();
  const definition = useQuery(trpc.scheduledReports.definitions.get.queryOptions({ id }));
  const preview = useQuery(trpc.scheduledReports.definitions.preview.queryOptions({ id }, { enabled: previewing, staleTime: 0 }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.scheduledReports.pathKey() });
  const update = useMutation(trpc.scheduledReports.definitions.update.mutationOptions({ onSuccess: invalidate }));
  const sendNow = useMutation(trpc.scheduledReports.definitions.sendNow.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.scheduledReports.definitions.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push(org.href("scheduled-reports"));
      },
    }),
  );
  const canWrite = org.can("reports.write");
  const d = definition.data;
  const breadcrumbs = [{ label: "Scheduled reports", href: org.href("scheduled-reports") }, { label: d?.name ?? "Report" }];

  if (definition.error || !d || !options.orgLoaded) return <ReportPageFallback breadcrumbs={breadcrumbs} error={definition.error} />;

  const actions = (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => (previewing ? void preview.refetch() : setPreviewing(true))} loading={preview.isFetching}>
        Preview
      </Button>
      {canWrite ? (
        <>
          <Button onClick={() => sendNow.mutate({ id })} loading={sendNow.isPending}>
            Send now
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              void confirm({
                title: `Delete "${d.name}"?`,
                message: "It is no longer sent. The reports already sent stay in the archive, with their share links.",
                confirmLabel: "Delete report",
              }).then((yes) => yes && remove.mutate({ id }))
            }
          >
            Delete
          </Button>
        </>
      ) : null}
    </div>
  );

  return (
    <Page
      title={d.name}
      description={
        <>
          {scheduleOf(d, options.timeZone)}
          {d.enabled ? <> · next send {formatInZone(d.nextRunAt, options.timeZone)}</> : " · paused"}
        </>
      }
      actions={actions}
      breadcrumbs={breadcrumbs}
    >
      <div className="space-y-6">
        {justCreated && !sendNow.data ? (
          <Notice tone="green" title="Report created">
            It goes out on schedule. Press “Send now” to send the last complete period at once, or “Preview” to see it first.
          </Notice>
        ) : null}
        {sendNow.data ? (
          <Notice tone="green" title="Sending now">
            The report is being built; it goes to every recipient once ready.{" "}
            <Link href={org.href(`scheduled-reports/${sendNow.data.editionId}`)} className="font-medium underline">
              Open the report
            </Link>
          </Notice>
        ) : null}
        {sendNow.error ? <Notice title="Not sent">{errorMessage(sendNow.error)}</Notice> : null}
        {remove.error ? <Notice title="Not deleted">{errorMessage(remove.error)}</Notice> : null}

        {previewing ? (
          <Card>
            <CardHeader
              title="Preview"
              description="The report a run now would send, computed from the current data; it is neither archived nor sent."
              actions={
                <Button variant="ghost" size="sm" onClick={() => setPreviewing(false)}>
                  Close preview
                </Button>
              }
            />
            <CardBody>
              <ReportFrame
                html={preview.data?.html}
                title={`Preview of ${d.name}`}
                loading={preview.isFetching && !preview.data}
                error={errorMessage(preview.error)}
                loadingText="Computing the figures and rendering the report… this can take a few seconds."
              />
            </CardBody>
          </Card>
        ) : null}

        {update.isSuccess && !update.isPending ? <Notice tone="green">Saved.</Notice> : null}
        <ReportForm
          key={d.updatedAt.toISOString()}
          initial={reportFormOf(d)}
          options={options}
          pending={update.isPending}
          error={update.error}
          submitLabel="Save changes"
          readOnly={!canWrite}
          onSubmit={(input) => update.mutate({ id, ...input })}
        />

        <EditionsTable
          timeZone={options.timeZone}
          definitionId={id}
          title="Sent reports"
          description="This report's editions, newest first."
          empty={{
            title: "Not sent yet",
            hint: canWrite
              ? "It appears here after its first scheduled send, or at once with “Send now”."
              : "It appears here after its first send.",
          }}
        />
      </div>
      {confirmDialog}
    </Page>
  );
}

export default function DefinitionPageRoute() {
  return (
    <Suspense>
      <DefinitionPage />
    </Suspense>
  );
}
