"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { buttonClass, Card, CardHeader } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { DefinitionsTable } from "./definitions-table";
import { EditionsTable } from "./editions-table";

const WHAT_IT_IS =
  "A scheduled report is Inboxwatch's own write-up of your deliverability for a week or a month — headline figures against the previous period, what changed and why, incidents, blocklist and authentication drift, and recommended actions — sent by email with a PDF, to Slack, Teams or a webhook, and kept here.";

/** Recurring deliverability reports: their definitions, and the archive of every report built. */
export default function ScheduledReportsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const current = useQuery(trpc.organization.current.queryOptions());
  const definitions = useQuery(trpc.scheduledReports.definitions.list.queryOptions());
  const timeZone = current.data?.timeZone ?? "UTC";
  const canWrite = org.can("reports.write");
  const add = canWrite ? (
    <Link href={org.href("scheduled-reports/new")} className={buttonClass()}>
      <Icon name="plus" className="size-4" /> New report
    </Link>
  ) : null;
  return (
    <Page
      title="Scheduled reports"
      description="Weekly and monthly deliverability reports for leadership, operations and marketing, written from your data and sent on time."
      actions={add}
    >
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Reports"
            description={
              <>
                Sent on schedule in the organization&apos;s time zone, {timeZone}.{" "}
                <Link href={org.href("settings")} className="font-medium text-brand-700 underline underline-offset-2">
                  Time zone and logo
                </Link>
              </>
            }
          />
          <DefinitionsTable
            rows={definitions.data}
            timeZone={timeZone}
            loading={definitions.isLoading || current.isLoading}
            error={errorMessage(definitions.error)}
            onRetry={() => void definitions.refetch()}
            empty={{
              icon: <Icon name="chart" className="size-8" />,
              title: "No scheduled report yet",
              hint: <>{WHAT_IT_IS} Defining one takes under a minute.</>,
              action: add,
            }}
          />
        </Card>
        <EditionsTable
          timeZone={timeZone}
          description="Every report built, with its figures as they were when it was sent."
          empty={{
            title: "Nothing in the archive yet",
            hint: canWrite
              ? "Reports appear here when they are sent on schedule, or at once with “Send now” on a report's page."
              : "Reports appear here when they are sent.",
          }}
        />
      </div>
    </Page>
  );
}
