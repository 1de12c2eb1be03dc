"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { buttonClass, Card, EmptyState, Field, LoadingRows, Notice, PageHeader, Select, Stat, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { MutedBadge, SeverityBadge, StatusBadge } from "./parts";

type StatusFilter = "current" | "active" | "open" | "acknowledged" | "resolved" | "all";
type SeverityFilter = "critical" | "warning" | "info" | "";

/** What an incident watches, in words (its title names the object: server, port, IP, domain). */
const SCOPE_LABELS: Record<string, string> = {
  organization: "Organization",
  domain: "Domain",
  ip: "IP",
  pool: "IP pool",
  server: "Server",
  port: "Server port",
  provider: "Mailbox provider",
};

export default function AlertsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>("current");
  const [severity, setSeverity] = useState<SeverityFilter>("");
  const incidents = useQuery(
    trpc.alerts.incidents.list.queryOptions({ status, ...(severity ? { severity } : {}), limit: 100 }, { refetchInterval: 15_000 }),
  );
  const actions = (
    <div className="flex gap-2">
      <Link href={org.href("alerts/rules")} className={buttonClass("secondary")}>
        Rules
      </Link>
      <Link href={org.href("alerts/maintenance")} className={buttonClass("secondary")}>
        Maintenance
      </Link>
      <Link href={org.href("settings/integrations")} className={buttonClass("secondary")}>
        Channels
      </Link>
    </div>
  );
  const counts = incidents.data?.counts;
  return (
    <>
      <PageHeader title="Alerts" description="Incidents opened by your alert rules, with their evidence and timeline." actions={actions} />
      {counts ? (
        <div className="mb-4 grid gap-4 sm:grid-cols-4">
          <Stat label="Open" value={counts.open} />
          <Stat label="Acknowledged" value={counts.acknowledged} />
          <Stat label="Active critical" value={counts.critical} />
          <Stat label="Resolved" value={counts.resolved} />
        </div>
      ) : null}
      <div className="mb-4 flex flex-wrap gap-4">
        <Field label="Status" htmlFor="status">
          <Select id="status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="current">Open, or resolved in the last 24 h</option>
            <option value="active">Open or acknowledged</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </Select>
        </Field>
        <Field label="Severity" htmlFor="severity">
          <Select id="severity" value={severity} onChange={(e) => setSeverity(e.target.value as SeverityFilter)}>
            <option value="">All</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </Select>
        </Field>
      </div>
      {incidents.error ? <Notice>{errorMessage(incidents.error)}</Notice> : null}
      {incidents.isPending ? (
        <LoadingRows />
      ) : incidents.data?.items.length === 0 ? (
        <EmptyState
          icon={<Icon name="bell" className="size-10" />}
          title={status === "active" || status === "current" ? "Nothing is on fire" : "No incidents match"}
          action={
            <Link href={org.href("alerts/rules")} className={buttonClass("secondary")}>
              Review alert rules
            </Link>
          }
        >
          Incidents open when a rule fires. Check that your rules notify a channel, so you hear about the next one.
        </EmptyState>
      ) : incidents.data ? (
        <Card>
          <Table head={["Incident", "Severity", "Status", "Scope", "Opened", "Last value"]}>
            {incidents.data.items.map((i) => (
              <tr key={i.id} className="hover:bg-slate-50">
                <Td className="font-medium text-slate-900">
                  <Link href={org.href(`alerts/${i.id}`)} className="hover:text-brand-600">
                    {i.title}
                  </Link>
                  {i.flapping ? <span className="ml-2 text-xs text-amber-700">flapping</span> : null}
                  <MutedBadge mutedBy={i.mutedBy} />
                </Td>
                <Td>
                  <SeverityBadge severity={i.severity} />
                </Td>
                <Td>
                  <StatusBadge status={i.status} />
                </Td>
                <Td>
                  <span title={i.scopeKey}>{SCOPE_LABELS[i.scopeType] ?? i.scopeType}</span>
                </Td>
                <Td>{i.openedAt.toLocaleString()}</Td>
                <Td>{i.lastValue === null ? "—" : Math.round(i.lastValue * 100) / 100}</Td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </>
  );
}
