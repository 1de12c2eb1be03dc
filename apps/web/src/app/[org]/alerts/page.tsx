"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { buttonClass, Stat } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { IncidentFilters, type SeverityFilter, type StatusFilter } from "./incident-filters";
import { IncidentsTable } from "./incidents-table";

export default function AlertsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>("current");
  const [severity, setSeverity] = useState<SeverityFilter>("");
  const incidents = useQuery(
    trpc.alerts.incidents.list.queryOptions({ status, ...(severity ? { severity } : {}), limit: 100 }, { refetchInterval: 15_000 }),
  );
  const link = (path: string, text: string) => (
    <Link href={org.href(path)} className={buttonClass("secondary")}>
      {text}
    </Link>
  );
  const counts = incidents.data?.counts;
  return (
    <Page
      title="Alerts"
      description="Incidents opened by your alert rules, with their evidence and timeline."
      actions={
        <div className="flex gap-2">
          {link("alerts/rules", "Rules")}
          {link("alerts/maintenance", "Maintenance")}
          {link("settings/integrations", "Channels")}
        </div>
      }
    >
      {counts ? (
        <div className="mb-4 grid gap-4 sm:grid-cols-4">
          <Stat label="Open" value={counts.open} />
          <Stat label="Acknowledged" value={counts.acknowledged} />
          <Stat label="Active critical" value={counts.critical} />
          <Stat label="Resolved" value={counts.resolved} />
        </div>
      ) : null}
      <IncidentFilters status={status} severity={severity} onStatus={setStatus} onSeverity={setSeverity} />
      <IncidentsTable
        rows={incidents.data?.items}
        error={errorMessage(incidents.error)}
        onRetry={() => void incidents.refetch()}
        emptyTitle={status === "active" || status === "current" ? "Nothing is on fire" : "No incidents match"}
        emptyAction={link("alerts/rules", "Review alert rules")}
      />
    </Page>
  );
}
