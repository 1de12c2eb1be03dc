"use client";

import Link from "next/link";

import { type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";

import { GradeBadge, SeverityBadge } from "~/components/dns-health/grade";
import { useOrg } from "~/components/org-context";
import type { RouterOutputs } from "~/trpc/react";

type Overview = RouterOutputs["dnsCheck"]["list"];
type DomainRow = Overview["domains"][number];
type IpRow = Overview["ips"][number];

/** A null grade on a stored check is a check that could not run; the page of the domain or IP says why. */
const WHY = "The lookups failed or were refused; open the page for the reason.";

function Worst({ latest }: { latest: { worstSeverity: string | null; worstMessage: string | null } | null }) {
  if (!latest) return <span className="text-slate-500">not checked yet</span>;
  if (!latest.worstSeverity) return <span className="text-emerald-700">No problems found</span>;
  return (
    <span className="flex items-start gap-2 whitespace-normal">
      <SeverityBadge severity={latest.worstSeverity} />
      <span className="max-w-xl text-slate-700">{latest.worstMessage}</span>
    </span>
  );
}

/** A grade column of the latest check ("could not check" once checked, a dash before). */
function gradeColumn<T extends { latest: object | null }>(
  id: string,
  header: string,
  grade: (row: T) => string | null | undefined,
): DataColumn<T> {
  return { id, header, sortValue: grade, cell: (row) => <GradeBadge grade={grade(row)} unknown={Boolean(row.latest)} reason={WHY} /> };
}

/** The worst finding and when the check ran: the last two columns of both tables. */
function findingColumns<
  T extends { latest: { worstSeverity: string | null; worstMessage: string | null; checkedAt: Date } | null },
>(): DataColumn<T>[] {
  return [
    { id: "worst", header: "Worst finding", cell: (row) => <Worst latest={row.latest} /> },
    {
      id: "checked",
      header: "Checked",
      sortValue: (row) => row.latest?.checkedAt,
      className: "text-xs text-slate-500",
      cell: (row) => (row.latest ? row.latest.checkedAt.toLocaleString() : "—"),
    },
  ];
}

function EntityLink({ href, children, mono }: { href: string; children: string; mono?: boolean }) {
  return (
    <Link href={href} className={`hover:text-brand-600 ${mono ? "font-mono" : ""}`}>
      {children}
    </Link>
  );
}

export function DomainHealthTable({ rows }: { rows: DomainRow[] }) {
  const org = useOrg();
  const columns: DataColumn<DomainRow>[] = [
    {
      id: "domain",
      header: "Domain",
      sortValue: (d) => d.domain,
      className: "font-medium text-slate-900",
      cell: (d) => <EntityLink href={org.href(`domains/${d.id}`)}>{d.domain}</EntityLink>,
    },
    gradeColumn("grade", "Grade", (d) => d.latest?.grade),
    gradeColumn("spf", "SPF", (d) => d.latest?.spfGrade),
    gradeColumn("dkim", "DKIM", (d) => d.latest?.dkimGrade),
    gradeColumn("dmarc", "DMARC", (d) => d.latest?.dmarcGrade),
    gradeColumn("mx", "MX", (d) => d.latest?.mxGrade),
    ...findingColumns<DomainRow>(),
  ];
  return (
    <TableCard
      title="Domains"
      caption="Health of your sending domains"
      columns={columns}
      rows={rows}
      rowKey={(d) => d.id}
      pageSize={0}
      empty={{ title: "No sending domain" }}
    />
  );
}

export function IpHealthTable({ rows }: { rows: IpRow[] }) {
  const org = useOrg();
  const columns: DataColumn<IpRow>[] = [
    {
      id: "ip",
      header: "IP",
      sortValue: (i) => i.address,
      className: "font-medium text-slate-900",
      cell: (i) => (
        <EntityLink href={org.href(`ips/${i.id}`)} mono>
          {i.address}
        </EntityLink>
      ),
    },
    gradeColumn("grade", "Grade", (i) => i.latest?.grade),
    {
      id: "listed",
      header: "Listed",
      sortValue: (i) => i.latest?.listedCount,
      cell: (i) =>
        !i.latest ? "—" : i.latest.dnsblGrade === null ? <GradeBadge grade={null} unknown reason={WHY} /> : i.latest.listedCount,
    },
    { id: "ptr", header: "PTR", className: "font-mono text-xs", cell: (i) => i.latest?.ptr ?? "—" },
    { id: "fcrdns", header: "FCrDNS", cell: (i) => (i.latest ? (i.latest.fcrdns ? "yes" : "no") : "—") },
    ...findingColumns<IpRow>(),
  ];
  return (
    <TableCard
      title="IPs"
      caption="Reputation of your sending IPs"
      columns={columns}
      rows={rows}
      rowKey={(i) => i.id}
      pageSize={0}
      empty={{ title: "No sending IP" }}
    />
  );
}
