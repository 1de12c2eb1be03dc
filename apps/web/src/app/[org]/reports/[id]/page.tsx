"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";

import { Badge, LoadingRows, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { ComplaintDetail, DmarcDetail, ReportMeta, TlsDetail } from "../report-detail";
import { KIND_LABEL } from "../report-format";

/** One parsed report: its metadata and rows. Another organization's id is NOT_FOUND from the API. */
export default function ReportPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const report = useQuery(trpc.reports.byId.queryOptions({ id }));
  const d = report.data;
  return (
    <Page
      title={d ? KIND_LABEL[d.kind] : "Report"}
      breadcrumbs={[{ label: "Reports", href: org.href("reports") }, { label: d ? KIND_LABEL[d.kind] : "Report" }]}
      actions={d && !d.isInInventory ? <Badge tone="amber">domain not in your inventory</Badge> : null}
    >
      {report.error ? <Notice>{errorMessage(report.error)}</Notice> : null}
      {report.isPending ? (
        <LoadingRows />
      ) : d ? (
        <div className="space-y-6">
          <ReportMeta detail={d} />
          {d.kind === "DMARC_AGGREGATE" ? <DmarcDetail records={d.report.records} /> : null}
          {d.kind === "TLS_RPT" ? <TlsDetail policies={d.report.policies} /> : null}
          {d.kind === "COMPLAINT" ? <ComplaintDetail complaint={d.report} /> : null}
        </div>
      ) : null}
    </Page>
  );
}
