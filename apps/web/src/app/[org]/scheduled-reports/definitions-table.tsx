"use client";

import Link from "next/link";
import { type ReactNode } from "react";

import { describeSchedule } from "@inboxwatch/reporting/schedule";
import { Badge, type DataColumn, DataTable } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { type RouterOutputs } from "~/trpc/react";

import { AUDIENCE_LABEL, formatInZone, plural } from "./format";

type Definition = RouterOutputs["scheduledReports"]["definitions"]["list"][number];

export function scheduleOf(d: Pick<Definition, "cadence" | "weekday" | "monthDay" | "sendHour">, timeZone: string): string {
  return describeSchedule(
    { cadence: d.cadence === "monthly" ? "monthly" : "weekly", weekday: d.weekday, monthDay: d.monthDay, sendHour: d.sendHour },
    timeZone,
  );
}

const ROLE_GROUP: Record<string, string> = { OWNER: "Owners", ADMIN: "Admins", OPS: "Ops", MARKETING: "Marketing", VIEWER: "Viewers" };

/** "Owners, Admins · 2 addresses · 1 channel". */
function recipientsOf(d: Definition): string {
  const parts = [
    d.recipientRoles.length ? d.recipientRoles.map((r) => ROLE_GROUP[r] ?? r).join(", ") : null,
    d.recipientEmails.length ? plural(d.recipientEmails.length, "address", "addresses") : null,
    d.channelIds.length ? plural(d.channelIds.length, "channel") : null,
  ];
  return parts.filter(Boolean).join(" · ") || "nobody";
}

/** The organization's report definitions: what is sent, when (in its zone), to whom, and the next send. */
export function DefinitionsTable({
  rows,
  timeZone,
  loading,
  error,
  onRetry,
  empty,
}: {
  rows: Definition[] | undefined;
  timeZone: string;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  empty: { title: ReactNode; hint?: ReactNode; action?: ReactNode; icon?: ReactNode };
}) {
  const org = useOrg();
  const columns: DataColumn<Definition>[] = [
    {
      id: "name",
      header: "Report",
      cell: (d) => (
        <Link href={org.href(`scheduled-reports/definitions/${d.id}`)} className="font-medium text-brand-700 hover:underline">
          {d.name}
        </Link>
      ),
      sortValue: (d) => d.name.toLowerCase(),
      className: "whitespace-normal min-w-48",
    },
    { id: "schedule", header: "Schedule", cell: (d) => scheduleOf(d, timeZone), className: "whitespace-normal min-w-56" },
    { id: "audience", header: "Audience", cell: (d) => AUDIENCE_LABEL[d.audience] ?? d.audience, sortValue: (d) => d.audience },
    {
      id: "recipients",
      header: "Recipients",
      cell: (d) => <span className="text-slate-600">{recipientsOf(d)}</span>,
      className: "whitespace-normal",
    },
    {
      id: "next",
      header: "Next send",
      cell: (d) => (d.enabled ? formatInZone(d.nextRunAt, timeZone) : <span className="text-slate-500">—</span>),
      sortValue: (d) => d.nextRunAt?.getTime() ?? Number.MAX_SAFE_INTEGER,
    },
    {
      id: "enabled",
      header: "State",
      cell: (d) => <Badge tone={d.enabled ? "green" : "slate"}>{d.enabled ? "Enabled" : "Paused"}</Badge>,
      sortValue: (d) => (d.enabled ? 0 : 1),
    },
  ];
  return (
    <DataTable
      card={false}
      columns={columns}
      rows={rows}
      rowKey={(d) => d.id}
      loading={loading}
      error={error}
      onRetry={onRetry}
      pageSize={0}
      caption="Report definitions"
      empty={empty}
    />
  );
}
