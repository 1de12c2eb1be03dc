"use client";

import { Badge, type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";

import { errorMessage, type RouterOutputs } from "~/trpc/react";
import { numberColumn, textColumn } from "~/components/table-columns";
import { dateTime } from "./report-format";

type Summary = RouterOutputs["reports"]["complaints"]["summary"];
type ProviderRow = Summary["byProvider"][number];
type CampaignRow = Summary["byCampaign"][number];
type ComplaintRow = RouterOutputs["reports"]["complaints"]["list"][number];

/** Complaint rate bands: above 0.3 % mailbox providers start filtering, 0.1 % is their stated target. */
const rateTone = (pct: number) => (pct >= 0.3 ? "red" : pct >= 0.1 ? "amber" : "green");

const providerColumns: DataColumn<ProviderRow>[] = [
  textColumn("provider", "Provider", (p) => p.provider, "font-medium text-slate-900"),
  numberColumn("total", "Complaints", (p) => p.total),
  numberColumn("delivered", "Delivered", (p) => p.delivered),
  {
    id: "rate",
    header: "Rate",
    sortValue: (p) => p.ratePct,
    csv: (p) => p.ratePct,
    cell: (p) => (p.ratePct === null ? "–" : <Badge tone={rateTone(p.ratePct)}>{p.ratePct.toFixed(3)} %</Badge>),
  },
];

const campaignColumns: DataColumn<CampaignRow>[] = [
  textColumn("campaign", "Campaign / list", (c) => c.campaign, "text-xs"),
  numberColumn("total", "Complaints", (c) => c.total),
];

const complaintColumns: DataColumn<ComplaintRow>[] = [
  {
    id: "arrived",
    header: "Arrived",
    sortValue: (c) => new Date(c.arrivalAt),
    csv: (c) => dateTime(c.arrivalAt),
    cell: (c) => dateTime(c.arrivalAt),
  },
  {
    id: "type",
    header: "Type",
    sortValue: (c) => c.feedbackType,
    csv: (c) => c.feedbackType,
    cell: (c) => <Badge tone={c.kind === "ARF" ? "amber" : "blue"}>{c.feedbackType}</Badge>,
  },
  textColumn("reporter", "Reporter", (c) => c.reporter),
  textColumn("source", "Source IP", (c) => c.sourceIp, "font-mono text-xs"),
  textColumn("subject", "Subject", (c) => c.originalSubject, "max-w-xs truncate"),
  textColumn("from", "From", (c) => c.originalFrom, "text-xs"),
  textColumn("campaign", "Campaign / list", (c) => c.campaign ?? c.listId, "text-xs"),
];

export function ComplaintBreakdowns({ summary: s }: { summary: Summary }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <TableCard
        title="Per provider"
        description="Rate = complaints / messages delivered to that provider (from your shipped logs)."
        caption="Complaints per provider"
        columns={providerColumns}
        rows={s.byProvider}
        rowKey={(p) => p.provider}
        empty={{ title: "No complaint in this range" }}
      />
      <TableCard
        title="Per campaign or list"
        description="From campaign headers (X-Campaign-Id, Feedback-ID…) or List-Id of the reported message."
        caption="Complaints per campaign or list"
        columns={campaignColumns}
        rows={s.byCampaign}
        rowKey={(c) => c.campaign}
        empty={{ title: "No campaign named in this range" }}
      />
    </div>
  );
}

export function LatestComplaints({ rows, error }: { rows: ComplaintRow[] | undefined; error: unknown }) {
  return (
    <TableCard
      title="Latest complaints"
      description="Recipients are stored hashed; the export decrypts them for your suppression list."
      caption="Latest complaints"
      columns={complaintColumns}
      rows={rows}
      error={error ? errorMessage(error) : null}
      rowKey={(c) => c.id}
      csvTitle="complaints"
      empty={{ title: "No complaint in this range" }}
    />
  );
}
