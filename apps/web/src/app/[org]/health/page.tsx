"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Card, CardHeader, EmptyState, LoadingRows, Notice, PageHeader, Table, Td } from "@inboxwatch/ui";

import { DriftTimeline } from "~/components/dns-health/drift";
import { GradeBadge, SeverityBadge } from "~/components/dns-health/grade";
import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

function Worst({ severity, message }: { severity: string | null; message: string | null }) {
  if (!severity) return <span className="text-emerald-700">No problems found</span>;
  return (
    <span className="flex items-start gap-2 whitespace-normal">
      <SeverityBadge severity={severity} />
      <span className="max-w-xl text-slate-700">{message}</span>
    </span>
  );
}

/** Every sending domain and IP with its grade and worst finding, and the latest drift across them. */
export default function HealthPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const table = useQuery(trpc.dnsCheck.list.queryOptions());
  const drift = useQuery(trpc.dnsCheck.domains.drift.queryOptions({ limit: 30 }));
  const notChecked = <span className="text-slate-500">not checked yet</span>;
  // A null grade on a stored check is a check that could not run; the page of the domain or IP says why.
  const why = "The lookups failed or were refused; open the page for the reason.";
  return (
    <>
      <PageHeader title="Health" description="DNS authentication and reputation of every sending domain and IP: the worst finding first." />
      {table.error ? <Notice>{errorMessage(table.error)}</Notice> : null}
      {table.isPending ? (
        <LoadingRows rows={5} />
      ) : table.data && table.data.domains.length + table.data.ips.length === 0 ? (
        <EmptyState icon={<Icon name="check" className="size-10" />} title="Nothing to check yet">
          Add your sending domains and IPs; their SPF, DKIM, DMARC, MX, MTA-STS, reverse DNS and blocklist status appear here within a
          minute.
        </EmptyState>
      ) : table.data ? (
        <div className="space-y-6">
          <Card>
            <CardHeader title="Domains" />
            <Table head={["Domain", "Grade", "SPF", "DKIM", "DMARC", "MX", "Worst finding", "Checked"]}>
              {table.data.domains.map((d) => (
                <tr key={d.id} className="hover:bg-slate-50">
                  <Td className="font-medium text-slate-900">
                    <Link href={org.href(`domains/${d.id}`)} className="hover:text-brand-600">
                      {d.domain}
                    </Link>
                  </Td>
                  <Td>
                    <GradeBadge grade={d.latest?.grade} unknown={Boolean(d.latest)} reason={why} />
                  </Td>
                  <Td>
                    <GradeBadge grade={d.latest?.spfGrade} unknown={Boolean(d.latest)} reason={why} />
                  </Td>
                  <Td>
                    <GradeBadge grade={d.latest?.dkimGrade} unknown={Boolean(d.latest)} reason={why} />
                  </Td>
                  <Td>
                    <GradeBadge grade={d.latest?.dmarcGrade} unknown={Boolean(d.latest)} reason={why} />
                  </Td>
                  <Td>
                    <GradeBadge grade={d.latest?.mxGrade} unknown={Boolean(d.latest)} reason={why} />
                  </Td>
                  <Td>{d.latest ? <Worst severity={d.latest.worstSeverity} message={d.latest.worstMessage} /> : notChecked}</Td>
                  <Td className="text-xs text-slate-500">{d.latest ? d.latest.checkedAt.toLocaleString() : "—"}</Td>
                </tr>
              ))}
            </Table>
          </Card>
          <Card>
            <CardHeader title="IPs" />
            <Table head={["IP", "Grade", "Listed", "PTR", "FCrDNS", "Worst finding", "Checked"]}>
              {table.data.ips.map((i) => (
                <tr key={i.id} className="hover:bg-slate-50">
                  <Td className="font-mono font-medium text-slate-900">
                    <Link href={org.href(`ips/${i.id}`)} className="hover:text-brand-600">
                      {i.address}
                    </Link>
                  </Td>
                  <Td>
                    <GradeBadge grade={i.latest?.grade} unknown={Boolean(i.latest)} reason={why} />
                  </Td>
                  <Td>
                    {!i.latest ? (
                      "—"
                    ) : i.latest.dnsblGrade === null ? (
                      <GradeBadge grade={null} unknown reason={why} />
                    ) : (
                      i.latest.listedCount
                    )}
                  </Td>
                  <Td className="font-mono text-xs">{i.latest?.ptr ?? "—"}</Td>
                  <Td>{i.latest ? (i.latest.fcrdns ? "yes" : "no") : "—"}</Td>
                  <Td>{i.latest ? <Worst severity={i.latest.worstSeverity} message={i.latest.worstMessage} /> : notChecked}</Td>
                  <Td className="text-xs text-slate-500">{i.latest ? i.latest.checkedAt.toLocaleString() : "—"}</Td>
                </tr>
              ))}
            </Table>
          </Card>
          <Card>
            <CardHeader title="Recent changes" description="Drift between consecutive checks, across all domains and IPs." />
            {drift.error ? (
              <Notice>{errorMessage(drift.error)}</Notice>
            ) : drift.data ? (
              <DriftTimeline events={drift.data} showSubject />
            ) : (
              <LoadingRows />
            )}
          </Card>
        </div>
      ) : null}
    </>
  );
}
