"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, Card, CardBody, CardHeader, ChartFrame, LoadingRows, Notice, Stat, type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";

import { TlsSessionsChart } from "~/components/charts/tls-sessions";
import { numberColumn, textColumn } from "~/components/table-columns";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";
import { count } from "./report-format";

type Tls = RouterOutputs["reports"]["tls"]["summary"];
type PolicyRow = Tls["byPolicy"][number];
type FailureRow = Tls["failures"][number];

const policyColumns: DataColumn<PolicyRow>[] = [
  {
    id: "type",
    header: "Policy type",
    sortValue: (p) => p.policyType,
    csv: (p) => p.policyType,
    cell: (p) => <Badge tone={p.policyType === "no-policy-found" ? "slate" : "blue"}>{p.policyType}</Badge>,
  },
  textColumn("domain", "Policy domain", (p) => p.policyDomain),
  numberColumn("success", "Successful", (p) => p.success),
  numberColumn(
    "failure",
    "Failed",
    (p) => p.failure,
    (v) => (v ? <Badge tone="red">{count(v)}</Badge> : 0),
  ),
];

const failureColumns: DataColumn<FailureRow>[] = [
  textColumn("result", "Result type", (f) => f.resultType, "font-medium text-slate-900"),
  textColumn("mx", "Receiving MX", (f) => f.mx),
  numberColumn("sessions", "Failed sessions", (f) => f.sessions),
  textColumn("ips", "Sending IPs", (f) => f.sendingIps.join(", "), "font-mono text-xs"),
];

/** SMTP TLS reports (RFC 8460): sessions per policy type over time, failures by result type and MX. */
export function TlsTab({ days }: { days: number }) {
  const trpc = useTRPC();
  const tls = useQuery(trpc.reports.tls.summary.queryOptions({ days }));
  const t = tls.data;
  const success = t?.byPolicy.reduce((a, p) => a + p.success, 0) ?? 0;
  const failure = t?.byPolicy.reduce((a, p) => a + p.failure, 0) ?? 0;
  return (
    <div className="space-y-6">
      {tls.error ? <Notice>{errorMessage(tls.error)}</Notice> : null}
      {tls.isPending ? (
        <LoadingRows />
      ) : t ? (
        <>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Stat label="TLS reports" value={t.reports} />
            <Stat label="Successful sessions" value={count(success)} />
            <Stat label="Failed sessions" value={count(failure)} />
            <Stat label="Failure rate" value={success + failure ? `${((failure / (success + failure)) * 100).toFixed(2)} %` : "–"} />
          </div>
          <Card>
            <CardHeader title="Sessions per day" description="Per policy type: MTA-STS (sts), DANE (tlsa), or none found." />
            <CardBody>
              <ChartFrame
                title="TLS sessions per day and policy type"
                description={`${count(success)} successful and ${count(failure)} failed sessions reported`}
                empty={t.series.length === 0}
                emptyText="No TLS reports in this range. Publish the _smtp._tls record from the setup below."
              >
                <TlsSessionsChart data={t.series} />
              </ChartFrame>
            </CardBody>
          </Card>
          <TableCard
            title="Per policy"
            caption="TLS sessions per policy"
            columns={policyColumns}
            rows={t.byPolicy}
            rowKey={(p) => `${p.policyType}-${p.policyDomain ?? ""}`}
            csvTitle="tls-per-policy"
            empty={{ title: "No TLS report in this range" }}
          />
          <TableCard
            title="Failures"
            description="By result type (RFC 8460 §4.3) and receiving MX."
            caption="TLS failures by result type and MX"
            columns={failureColumns}
            rows={t.failures}
            rowKey={(f) => `${f.resultType}-${f.mx ?? ""}`}
            csvTitle="tls-failures"
            empty={{ title: "No failed session in this range" }}
          />
        </>
      ) : null}
    </div>
  );
}
