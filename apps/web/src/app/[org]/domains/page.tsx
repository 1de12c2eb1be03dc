"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Sparkline, type DataColumn } from "@inboxwatch/ui";

import { GradeBadge, StatusBadge } from "~/components/dns-health/grade";
import { ListedOn } from "~/components/dns-health/listed-on";
import { AddLink, InventoryPage, latestCell, trailingColumns } from "~/components/inventory-list";
import { useOrg } from "~/components/org-context";
import { type RouterOutputs, useTRPC } from "~/trpc/react";

type DomainRow = RouterOutputs["domains"]["list"][number];
type Chip = NonNullable<DomainRow["latest"]>["spf"];

/** A check's result as a chip: its RFC status, or "could not check" (never a grade) when it did not complete. */
function CheckChip({ name, chip }: { name: string; chip: Chip }) {
  if (!chip)
    return (
      <span className="text-slate-500" title={`${name} was not part of the last check`}>
        —
      </span>
    );
  if (chip.grade === null && chip.unknownReason !== null)
    return <GradeBadge grade={null} unknown reason={`${name}: ${chip.unknownReason}`} />;
  return (
    <span title={`${name}: ${chip.status ?? "no result"}${chip.grade ? ` (grade ${chip.grade})` : ""}`}>
      <StatusBadge status={chip.status ?? "none"} />
    </span>
  );
}

function Blocklists({ b }: { b: NonNullable<DomainRow["latest"]>["blocklists"] }) {
  if (!b)
    return (
      <span className="text-slate-500" title="Domain blocklists were not part of the last check">
        —
      </span>
    );
  return <ListedOn summary={b} />;
}

const GRADE_OF_SCORE = ["F", "D", "C", "B", "A"];

function gradeTrendLabel(domain: string, points: { value: number | null }[]): string {
  const grades = points.map((p) => (p.value === null ? null : (GRADE_OF_SCORE[p.value] ?? "?")));
  const known = grades.filter((g): g is string => g !== null);
  if (known.length === 0) return `${domain}, worst grade per day over ${points.length || 14} days`;
  return `${domain}, worst grade per day over ${points.length} days (${known.length} days checked): ${known.join(", ")}; latest ${known.at(-1)}`;
}

/** The overall grade leaves out checks that could not run; with none graded it is "could not check": why. */
function whyUngraded(l: DomainRow["latest"]) {
  return l
    ? ([l.spf, l.dkim, l.dmarc].map((c) => c?.unknownReason).find(Boolean) ??
        "The lookups failed or were refused; open the domain for the reason.")
    : undefined;
}

export default function DomainsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const domains = useQuery(trpc.domains.list.queryOptions());
  const add = org.can("domains.write") ? <AddLink href={org.href("domains/new")} label="Add domain" /> : null;
  const columns: DataColumn<DomainRow>[] = [
    {
      id: "domain",
      header: "Domain",
      sortValue: (d) => d.domain,
      className: "font-medium text-slate-900",
      cell: (d) => (
        <>
          <Link href={org.href(`domains/${d.id}`)} className="hover:text-brand-600">
            {d.domain}
          </Link>
          {d.dkimSelectors.length ? (
            <div className="mt-0.5 text-xs font-normal text-slate-500">DKIM {d.dkimSelectors.join(", ")}</div>
          ) : null}
        </>
      ),
    },
    {
      id: "grade",
      header: "Grade",
      sortValue: (d) => d.latest?.grade,
      cell: (d) => latestCell(d.latest, (l) => <GradeBadge grade={l.grade} unknown reason={whyUngraded(l)} />, true),
    },
    { id: "spf", header: "SPF", cell: (d) => latestCell(d.latest, (l) => <CheckChip name="SPF" chip={l.spf} />) },
    { id: "dkim", header: "DKIM", cell: (d) => latestCell(d.latest, (l) => <CheckChip name="DKIM" chip={l.dkim} />) },
    { id: "dmarc", header: "DMARC", cell: (d) => latestCell(d.latest, (l) => <CheckChip name="DMARC" chip={l.dmarc} />) },
    { id: "blocklists", header: "Blocklists", cell: (d) => latestCell(d.latest, (l) => <Blocklists b={l.blocklists} />) },
    {
      id: "trend",
      header: "14 days",
      cell: (d) => (
        <Sparkline
          values={d.gradeHistory.map((p) => p.value)}
          min={0}
          max={4}
          tone="green"
          label={gradeTrendLabel(d.domain, d.gradeHistory)}
        />
      ),
    },
    ...trailingColumns<DomainRow>(
      (d) => d.latest?.checkedAt,
      (d) => org.href(`domains/${d.id}`),
    ),
  ];
  return <InventoryPage area="domains" add={add} query={domains} columns={columns} />;
}
