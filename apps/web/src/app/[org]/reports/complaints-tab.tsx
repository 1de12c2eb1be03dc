"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, CardBody, CardHeader, LoadingRows, Notice, Stat, Table, Td } from "@inboxwatch/ui";

import { ComplaintSeriesChart } from "~/components/charts/complaint-series";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

/** Complaints from feedback loops: per provider (rate where delivery volume is known), per campaign/list, suppression export. */
export function ComplaintsTab({ days }: { days: number }) {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [exportError, setExportError] = useState<string | null>(null);
  const summary = useQuery(trpc.reports.complaints.summary.queryOptions({ days }));
  const list = useQuery(trpc.reports.complaints.list.queryOptions({ days, limit: 50 }));
  const s = summary.data;

  async function downloadCsv() {
    setExportError(null);
    try {
      const { csv } = await queryClient.fetchQuery(trpc.reports.complaints.suppressionCsv.queryOptions());
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `suppression-${org.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      URL.revokeObjectURL(url);
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
            <Stat label="Complaints" value={s.total.toLocaleString("en-US")} hint="ARF feedback reports" />
            <Stat label="DMARC failure reports" value={s.failureReports.toLocaleString("en-US")} />
            <Stat label="Providers" value={s.byProvider.length} />
            <div className="flex items-end justify-end">
              {org.can("reports.write") ? (
                <Button variant="secondary" onClick={() => void downloadCsv()}>
                  Export suppression list (CSV)
                </Button>
              ) : null}
            </div>
          </div>
          <Card>
            <CardHeader title="Complaints per day" />
            <CardBody>
              {s.series.length ? (
                <ComplaintSeriesChart data={s.series} />
              ) : (
                <p className="text-sm text-slate-500">
                  No complaints in this range. Register the fbl+ address with the providers&apos; feedback loops (setup below).
                </p>
              )}
            </CardBody>
          </Card>
          <div className="grid gap-6 md:grid-cols-2">
            <Card>
              <CardHeader
                title="Per provider"
                description="Rate = complaints / messages delivered to that provider (from your shipped logs)."
              />
              <Table head={["Provider", "Complaints", "Delivered", "Rate"]}>
                {s.byProvider.map((p) => (
                  <tr key={p.provider}>
                    <Td className="font-medium text-slate-900">{p.provider}</Td>
                    <Td>{p.total}</Td>
                    <Td>{p.delivered?.toLocaleString("en-US") ?? "–"}</Td>
                    <Td>
                      {p.ratePct === null ? (
                        "–"
                      ) : (
                        <Badge tone={p.ratePct >= 0.3 ? "red" : p.ratePct >= 0.1 ? "amber" : "green"}>{p.ratePct.toFixed(3)} %</Badge>
                      )}
                    </Td>
                  </tr>
                ))}
              </Table>
            </Card>
            <Card>
              <CardHeader
                title="Per campaign or list"
                description="From campaign headers (X-Campaign-Id, Feedback-ID…) or List-Id of the reported message."
              />
              <Table head={["Campaign / list", "Complaints"]}>
                {s.byCampaign.map((c) => (
                  <tr key={c.campaign}>
                    <Td className="text-xs">{c.campaign}</Td>
                    <Td>{c.total}</Td>
                  </tr>
                ))}
              </Table>
            </Card>
          </div>
        </>
      ) : null}
      <Card>
        <CardHeader
          title="Latest complaints"
          description="Recipients are stored hashed; the export decrypts them for your suppression list."
        />
        {list.isPending ? (
          <LoadingRows />
        ) : (
          <Table head={["Arrived", "Type", "Reporter", "Source IP", "Subject", "From", "Campaign / list"]}>
            {list.data?.map((c) => (
              <tr key={c.id}>
                <Td>{new Date(c.arrivalAt).toISOString().slice(0, 16).replace("T", " ")}</Td>
                <Td>
                  <Badge tone={c.kind === "ARF" ? "amber" : "blue"}>{c.feedbackType}</Badge>
                </Td>
                <Td>{c.reporter}</Td>
                <Td className="font-mono text-xs">{c.sourceIp ?? "–"}</Td>
                <Td className="max-w-xs truncate">{c.originalSubject ?? "–"}</Td>
                <Td className="text-xs">{c.originalFrom ?? "–"}</Td>
                <Td className="text-xs">{c.campaign ?? c.listId ?? "–"}</Td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
