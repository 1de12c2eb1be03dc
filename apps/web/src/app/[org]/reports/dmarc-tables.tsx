"use client";

import type { ReactNode } from "react";

import { Badge, type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";

import { errorMessage, type RouterOutputs } from "~/trpc/react";
import { numberColumn } from "~/components/table-columns";
import { authResults, count, isoDay, percent } from "./report-format";

type DomainRow = RouterOutputs["reports"]["dmarc"]["overview"]["domains"][number];
type SourceRow = RouterOutputs["reports"]["dmarc"]["sources"][number];
type RecordRow = RouterOutputs["reports"]["dmarc"]["records"][number];
type ReporterRow = RouterOutputs["reports"]["dmarc"]["reporters"][number];

/** A query's state as the tables take it. */
export interface Loaded<T> {
  data: T[] | undefined;
  error: unknown;
}

/** A row's first cell that selects it: a real button, so the drill-down is reached by keyboard too. */
function SelectCell({ label, onSelect, className }: { label: ReactNode; onSelect: () => void; className?: string }) {
  return (
    <button
      type="button"
      onClick={onSelect}
      className={`text-left hover:underline focus-visible:outline-2 focus-visible:outline-brand-600 ${className ?? ""}`}
    >
      {label}
    </button>
  );
}

export function DmarcDomainsTable({ rows, onSelect }: { rows: DomainRow[]; onSelect: (domain: string) => void }) {
  const columns: DataColumn<DomainRow>[] = [
    {
      id: "domain",
      header: "Domain",
      sortValue: (d) => d.domain,
      csv: (d) => d.domain,
      className: "font-medium text-slate-900",
      cell: (d) => <SelectCell label={d.domain} onSelect={() => onSelect(d.domain)} />,
    },
    {
      id: "policy",
      header: "Policy",
      csv: (d) => d.policy?.p ?? "",
      cell: (d) => (d.policy?.p ? <Badge tone={d.policy.p === "none" ? "amber" : "green"}>p={d.policy.p}</Badge> : "–"),
    },
    numberColumn("total", "Messages", (d) => d.total),
    numberColumn("compliance", "Compliance", (d) => d.compliancePct, percent),
    numberColumn("dkim", "DKIM pass", (d) => d.dkimPassPct, percent),
    numberColumn("spf", "SPF pass", (d) => d.spfPassPct, percent),
    numberColumn("quarantined", "Quarantined", (d) => d.quarantined),
    numberColumn("rejected", "Rejected", (d) => d.rejected),
  ];
  return (
    <TableCard
      title="Domains"
      description="Pick a domain above for its sources and the policy verdict."
      caption="DMARC results per domain"
      columns={columns}
      rows={rows}
      rowKey={(d) => d.domain}
      csvTitle="dmarc-domains"
      empty={{ title: "No DMARC reports in this range" }}
    />
  );
}

export function DmarcSourcesTable({
  sources,
  selected,
  onSelect,
}: {
  sources: Loaded<SourceRow>;
  selected: string | null;
  onSelect: (ip: string) => void;
}) {
  const columns: DataColumn<SourceRow>[] = [
    {
      id: "ip",
      header: "Source IP",
      sortValue: (s) => s.sourceIp,
      csv: (s) => s.sourceIp,
      className: "font-mono text-xs text-slate-900",
      cell: (s) => (
        <>
          <SelectCell label={s.sourceIp} onSelect={() => onSelect(s.sourceIp)} /> {s.known ? null : <Badge tone="amber">unknown</Badge>}
          {s.ptr || s.provider ? <div className="text-slate-500">{[s.provider, s.ptr].filter(Boolean).join(" · ")}</div> : null}
        </>
      ),
    },
    numberColumn("total", "Messages", (s) => s.total),
    numberColumn("compliance", "Compliance", (s) => s.compliancePct, percent),
    numberColumn("dkim", "DKIM aligned", (s) => s.dkimAlignedPass),
    numberColumn("spf", "SPF aligned", (s) => s.spfAlignedPass),
    {
      id: "disposition",
      header: "Disposition (none / quar. / reject)",
      cell: (s) => `${count(s.none)} / ${count(s.quarantine)} / ${count(s.reject)}`,
    },
    { id: "overrides", header: "Overrides", sortValue: (s) => s.overrides, cell: (s) => (s.overrides ? count(s.overrides) : "–") },
    { id: "from", header: "From", className: "text-xs", csv: (s) => s.headerFroms.join(" "), cell: (s) => s.headerFroms.join(", ") },
  ];
  return (
    <TableCard
      title="Sources"
      description="Every IP receivers saw sending as your domain. Unknown = not in your Sending IPs; pick an IP for its records."
      caption="Sending sources seen by receivers"
      columns={columns}
      rows={sources.data}
      error={sources.error ? errorMessage(sources.error) : null}
      rowKey={(s) => s.sourceIp}
      rowClassName={(s) => `${s.known ? "" : "bg-amber-50/60"} ${selected === s.sourceIp ? "ring-2 ring-brand-300 ring-inset" : ""}`}
      csvTitle="dmarc-sources"
      empty={{ title: "No sources in this range" }}
    />
  );
}

const dkimResults = (r: RecordRow) =>
  authResults(r.dkimDomains, r.dkimResults, (i) => (r.dkimSelectors[i] ? ` (${r.dkimSelectors[i]})` : null));
const spfResults = (r: RecordRow) => authResults(r.spfDomains, r.spfResults, (i) => (r.spfScopes[i] ? ` [${r.spfScopes[i]}]` : null));

export function DmarcRecordsTable({ sourceIp, records }: { sourceIp: string; records: Loaded<RecordRow> }) {
  const columns: DataColumn<RecordRow>[] = [
    { id: "day", header: "Day", sortValue: (r) => new Date(r.beginAt), csv: (r) => isoDay(r.beginAt), cell: (r) => isoDay(r.beginAt) },
    {
      id: "reporter",
      header: "Reporter",
      sortValue: (r) => r.report.reporterOrg,
      csv: (r) => r.report.reporterOrg,
      cell: (r) => r.report.reporterOrg,
    },
    numberColumn("count", "Count", (r) => r.count),
    { id: "disposition", header: "Disposition", csv: (r) => r.disposition ?? "", cell: (r) => r.disposition ?? "–" },
    {
      id: "aligned",
      header: "DKIM / SPF aligned",
      cell: (r) => (
        <>
          <Badge tone={r.dkimAligned === "pass" ? "green" : "red"}>{r.dkimAligned ?? "–"}</Badge>{" "}
          <Badge tone={r.spfAligned === "pass" ? "green" : "red"}>{r.spfAligned ?? "–"}</Badge>
        </>
      ),
    },
    { id: "from", header: "Header from", csv: (r) => r.headerFrom ?? "", cell: (r) => r.headerFrom ?? "–" },
    { id: "dkimResults", header: "DKIM results", className: "text-xs", csv: dkimResults, cell: dkimResults },
    { id: "spfResults", header: "SPF results", className: "text-xs", csv: spfResults, cell: spfResults },
    { id: "overrides", header: "Overrides", className: "text-xs", cell: (r) => r.reasons.join(", ") || "–" },
  ];
  return (
    <TableCard
      title={`Records from ${sourceIp}`}
      description={<SourceName records={records.data} />}
      caption={`DMARC records from ${sourceIp}`}
      columns={columns}
      rows={records.data}
      error={records.error ? errorMessage(records.error) : null}
      rowKey={(r) => r.id}
      csvTitle={`dmarc-records-${sourceIp}`}
      empty={{ title: "No records from this source in this range" }}
    />
  );
}

/** The drill-down's subtitle: the source's verified PTR and provider (named by the reports.name-sources job), then what the table shows. */
function SourceName({ records }: { records: { ptr: string | null; provider: string | null }[] | undefined }) {
  const named = records?.find((r) => r.ptr || r.provider);
  return (
    <>
      {named ? (
        <span className="mr-2 font-medium text-slate-700">
          {named.provider ?? "Unknown provider"}
          {named.ptr ? ` · ${named.ptr}` : " · no verified PTR"}
        </span>
      ) : null}
      As reported, newest first: evaluated policy and the DKIM/SPF results behind it.
    </>
  );
}

export function DmarcReportersTable({ reporters }: { reporters: Loaded<ReporterRow> }) {
  const columns: DataColumn<ReporterRow>[] = [
    {
      id: "reporter",
      header: "Reporter",
      sortValue: (r) => r.reporter,
      csv: (r) => r.reporter,
      className: "font-medium text-slate-900",
      cell: (r) => r.reporter || "(unnamed)",
    },
    numberColumn("reports", "Reports", (r) => r.reports),
    numberColumn("total", "Messages", (r) => r.total),
    numberColumn("compliance", "Compliance", (r) => r.compliancePct, percent),
    {
      id: "latest",
      header: "Latest report",
      sortValue: (r) => new Date(r.lastReportEnd),
      csv: (r) => isoDay(r.lastReportEnd),
      cell: (r) => isoDay(r.lastReportEnd),
    },
  ];
  return (
    <TableCard
      title="Reporters"
      description="Which receivers send you reports, and what they saw."
      caption="Receivers that send DMARC reports"
      columns={columns}
      rows={reporters.data}
      error={reporters.error ? errorMessage(reporters.error) : null}
      rowKey={(r) => r.reporter}
      csvTitle="dmarc-reporters"
      empty={{ title: "No reporter in this range" }}
    />
  );
}
