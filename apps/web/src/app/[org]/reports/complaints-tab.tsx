"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Card, CardBody, ChartFrame, downloadText, LoadingRows, Notice, Stat } from "@inboxwatch/ui";

import { ComplaintSeriesChart } from "~/components/charts/complaint-series";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ComplaintBreakdowns, LatestComplaints } from "./complaints-tables";
import { count, isoDay } from "./report-format";

/** Complaints from feedback loops: per provider (rate where delivery volume is known), per campaign/list, suppression export. */
export function ComplaintsTab({ days }: { days: number }) {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [exportError, setExportError] = useState<string | null>(null);
  const summary = useQuery(trpc.reports.complaints.summary.queryOptions({ days }));
  const list = useQuery(trpc.reports.complaints.list.queryOptions({ days, limit: 50 }));
  const s = summary.data;

  async function downloadSuppressionList() {
    setExportError(null);
    try {
      const { csv } = await queryClient.fetchQuery(trpc.reports.complaints.suppressionCsv.queryOptions());
      downloadText(`suppression-${org.slug}-${isoDay(new Date())}.csv`, csv);
    } catch (err) {
      setExportError(errorMessage(err));
    }
  }

  return (
    <div className="space-y-6">
      {summary.error ? <Notice>{errorMessage(summary.error)}</Notice> : null}
      {exportError ? <Notice>{exportError}</Notice> : null}
      {summary.isPending ? (
        <LoadingRows />
      ) : s ? (
        <>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Stat label="Complaints" value={count(s.total)} hint="ARF feedback reports" />
            <Stat label="DMARC failure reports" value={count(s.failureReports)} />
            <Stat label="Providers" value={s.byProvider.length} />
            <div className="flex items-end justify-end">
              {org.can("reports.write") ? (
                <Button variant="secondary" onClick={() => void downloadSuppressionList()}>
                  Export suppression list (CSV)
                </Button>
              ) : null}
            </div>
          </div>
          <Card>
            <CardBody>
              <ChartFrame
                title="Complaints per day"
                description={`${count(s.total)} complaints in the last ${days} days`}
                empty={s.series.length === 0}
                emptyText="No complaints in this range. Register the fbl+ address with the providers' feedback loops (setup below)."
              >
                <ComplaintSeriesChart data={s.series} />
              </ChartFrame>
            </CardBody>
          </Card>
          <ComplaintBreakdowns summary={s} />
        </>
      ) : null}
      <LatestComplaints rows={list.data} error={list.error} />
    </div>
  );
}
