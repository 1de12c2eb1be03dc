"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, Card, CardBody, CardHeader, LoadingRows, Notice, Stat, Table, Td } from "@inboxwatch/ui";

import { TlsSessionsChart } from "~/components/charts/tls-sessions";
import { errorMessage, useTRPC } from "~/trpc/react";

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
            <Stat label="Successful sessions" value={success.toLocaleString("en-US")} />
            <Stat label="Failed sessions" value={failure.toLocaleString("en-US")} />
            <Stat label="Failure rate" value={success + failure ? `${((failure / (success + failure)) * 100).toFixed(2)} %` : "–"} />
          </div>
          <Card>
            <CardHeader title="Sessions per day" description="Per policy type: MTA-STS (sts), DANE (tlsa), or none found." />
            <CardBody>
              {t.series.length ? (
                <TlsSessionsChart data={t.series} />
              ) : (
                <p className="text-sm text-slate-500">No TLS reports in this range. Publish the _smtp._tls record from the setup below.</p>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Per policy" />
            <Table head={["Policy type", "Policy domain", "Successful", "Failed"]}>
              {t.byPolicy.map((p) => (
                <tr key={`${p.policyType}-${p.policyDomain ?? ""}`}>
                  <Td>
                    <Badge tone={p.policyType === "no-policy-found" ? "slate" : "blue"}>{p.policyType}</Badge>
                  </Td>
                  <Td>{p.policyDomain ?? "–"}</Td>
                  <Td>{p.success.toLocaleString("en-US")}</Td>
                  <Td>{p.failure ? <Badge tone="red">{p.failure.toLocaleString("en-US")}</Badge> : 0}</Td>
                </tr>
              ))}
            </Table>
          </Card>
          <Card>
            <CardHeader title="Failures" description="By result type (RFC 8460 §4.3) and receiving MX." />
            <Table head={["Result type", "Receiving MX", "Failed sessions", "Sending IPs"]}>
              {t.failures.map((f) => (
                <tr key={`${f.resultType}-${f.mx ?? ""}`}>
                  <Td className="font-medium text-slate-900">{f.resultType}</Td>
                  <Td>{f.mx ?? "–"}</Td>
                  <Td>{f.sessions.toLocaleString("en-US")}</Td>
                  <Td className="font-mono text-xs">{f.sendingIps.join(", ") || "–"}</Td>
                </tr>
              ))}
            </Table>
          </Card>
        </>
      ) : null}
    </div>
  );
}
