"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";

import { Badge, Button, buttonClass, Card, CardBody, CardHeader, Notice, Spinner } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { ReportPageFallback } from "../page-fallback";
import { EditionStatusBadge } from "../editions-table";
import { AUDIENCE_LABEL, BUILDING_POLL_MS, formatInZone, formatPeriod } from "../format";
import { ReportFrame } from "../report-frame";
import { DeliveryLog } from "./delivery-log";
import { SharePanel } from "./share-panel";

/** One archived report: its state, the PDF, share links, the delivery log, and the report itself. */
export default function EditionPage() {
  const { editionId } = useParams<{ editionId: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.organization.current.queryOptions());
  const edition = useQuery(
    trpc.scheduledReports.editions.get.queryOptions(
      { id: editionId },
      {
        // While building, and while deliveries are still going out, look again.
        refetchInterval: (q) =>
          q.state.data?.status === "building" || q.state.data?.deliveries.some((d) => d.status === "pending" || d.status === "sending")
            ? BUILDING_POLL_MS
            : false,
      },
    ),
  );
  const ready = edition.data?.status === "ready";
  const html = useQuery(trpc.scheduledReports.editions.html.queryOptions({ id: editionId }, { enabled: ready, staleTime: Infinity }));
  const sendAgain = useMutation(
    trpc.scheduledReports.definitions.sendNow.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.scheduledReports.pathKey() });
        router.push(org.href(`scheduled-reports/${r.editionId}`));
      },
    }),
  );
  const timeZone = current.data?.timeZone ?? "UTC";
  const canWrite = org.can("reports.write");
  const e = edition.data;
  const breadcrumbs = [{ label: "Scheduled reports", href: org.href("scheduled-reports") }, { label: e?.title ?? "Report" }];

  if (edition.error || !e || !current.data) return <ReportPageFallback breadcrumbs={breadcrumbs} error={edition.error} />;

  const actions = (
    <div className="flex flex-wrap gap-2">
      {e.hasPdf ? (
        <a href={org.href(`scheduled-reports/${e.id}/pdf`)} className={buttonClass("secondary")} download>
          Download PDF
        </a>
      ) : null}
      {e.definitionId ? (
        <Link href={org.href(`scheduled-reports/definitions/${e.definitionId}`)} className={buttonClass("ghost")}>
          Report settings
        </Link>
      ) : null}
    </div>
  );

  return (
    <Page
      title={e.title}
      description={
        <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
          <span>{formatPeriod(e.periodFrom, e.periodTo, timeZone)}</span>
          <span aria-hidden>·</span>
          <span>{AUDIENCE_LABEL[e.audience] ?? e.audience}</span>
          <span aria-hidden>·</span>
          <Badge tone={e.runKey.startsWith("manual:") ? "amber" : "slate"}>
            {e.runKey.startsWith("manual:") ? "Sent now" : "Scheduled"}
          </Badge>
          <EditionStatusBadge status={e.status} />
        </span>
      }
      actions={actions}
      breadcrumbs={breadcrumbs}
    >
      <div className="space-y-6">
        {e.status === "building" ? (
          <Card>
            <CardBody className="flex items-start gap-3">
              <Spinner className="mt-1 size-4 text-brand-600" />
              <div role="status">
                <p className="text-sm font-medium text-slate-900">Building the report…</p>
                <p className="mt-0.5 text-sm text-slate-500">
                  The figures of {formatPeriod(e.periodFrom, e.periodTo, timeZone)} are being computed and the PDF printed; it is sent to
                  every recipient once ready. This page updates by itself.
                  {e.buildAttempts > 1 ? ` Attempt ${e.buildAttempts}.` : ""}
                </p>
              </div>
            </CardBody>
          </Card>
        ) : null}
        {e.status === "failed" ? (
          <Notice title="This report could not be built, so it was not sent to anyone">
            <p>{e.error ?? "No reason was recorded."}</p>
            <p className="mt-1">The organization&apos;s owners and admins were told by email.</p>
            {canWrite && e.definitionId ? (
              <div className="mt-3">
                <Button
                  variant="secondary"
                  size="sm"
                  loading={sendAgain.isPending}
                  onClick={() => e.definitionId && sendAgain.mutate({ id: e.definitionId })}
                >
                  Send again
                </Button>
              </div>
            ) : null}
            {sendAgain.error ? <p className="mt-2">{errorMessage(sendAgain.error)}</p> : null}
          </Notice>
        ) : null}

        {ready ? (
          <section aria-label="The report">
            <ReportFrame html={html.data} title={e.title} loading={html.isLoading} error={errorMessage(html.error)} />
          </section>
        ) : null}

        <Card>
          <CardHeader
            title="Deliveries"
            description={
              e.builtAt
                ? `Built ${formatInZone(e.builtAt, timeZone)}; one line per recipient and channel, with the receiving side's answer.`
                : `Created ${formatInZone(e.createdAt, timeZone)}.`
            }
          />
          <DeliveryLog rows={e.deliveries} timeZone={timeZone} />
        </Card>
        <SharePanel editionId={e.id} timeZone={timeZone} canWrite={canWrite} ready={ready} />
      </div>
    </Page>
  );
}
