"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { LoadingRows, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { useTRPC } from "~/trpc/react";

import { emptyReportForm } from "../form-model";
import { ReportForm } from "../report-form";
import { useReportFormOptions } from "../use-form-options";

/** A new recurring report: prefilled for the common case (weekly, Monday 8:00, leadership, owners and admins). */
export default function NewScheduledReportPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const options = useReportFormOptions();
  const create = useMutation(
    trpc.scheduledReports.definitions.create.mutationOptions({
      onSuccess: async (d) => {
        await queryClient.invalidateQueries({ queryKey: trpc.scheduledReports.pathKey() });
        router.push(org.href(`scheduled-reports/definitions/${d.id}?created=1`));
      },
    }),
  );
  const breadcrumbs = [{ label: "Scheduled reports", href: org.href("scheduled-reports") }, { label: "New report" }];
  return (
    <Page
      title="New report"
      description="A deliverability report written from your data and sent on time: by email with the PDF, to Slack, Teams or a webhook."
      breadcrumbs={breadcrumbs}
    >
      {!org.can("reports.write") ? (
        <Notice tone="amber" title="Read-only for your role">
          Owners, admins, ops and marketing members define reports.
        </Notice>
      ) : !options.orgLoaded ? (
        <LoadingRows rows={8} />
      ) : (
        <ReportForm
          initial={emptyReportForm()}
          options={options}
          pending={create.isPending}
          error={create.error}
          submitLabel="Create report"
          onSubmit={(input) => create.mutate(input)}
          onCancel={() => router.push(org.href("scheduled-reports"))}
        />
      )}
    </Page>
  );
}
