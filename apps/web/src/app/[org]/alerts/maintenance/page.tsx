"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";

import { buttonClass, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { MaintenanceForm } from "./maintenance-form";
import type { ScopeOptions } from "./maintenance-model";
import { WindowsTable } from "./windows-table";

export default function MaintenancePage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = org.can("alerts.write");
  const windows = useQuery(trpc.alerts.maintenance.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  const domains = useQuery(trpc.domains.list.queryOptions(undefined, { enabled: org.can("domains.read") }));
  const ips = useQuery(trpc.ips.list.queryOptions(undefined, { enabled: org.can("ips.read") }));
  const servers = useQuery(trpc.servers.list.queryOptions(undefined, { enabled: org.can("servers.read") }));
  const end = useMutation(
    trpc.alerts.maintenance.end.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() }) }),
  );

  const options: ScopeOptions = {
    domain: (domains.data ?? []).map((d) => ({ id: d.id, label: d.domain })),
    ip: (ips.data ?? []).map((i) => ({ id: i.id, label: i.pool ? `${i.address} (${i.pool})` : i.address })),
    server: (servers.data ?? []).map((s) => ({ id: s.id, label: s.hostname })),
  };
  const labels = new Map(
    Object.values(options)
      .flat()
      .map((o) => [o.id, o.label]),
  );
  return (
    <Page
      title="Maintenance windows"
      description="Mute a scope during planned work: while a window is active, its rules open no incident and notify no one."
      breadcrumbs={[{ label: "Alerts", href: org.href("alerts") }, { label: "Maintenance" }]}
      actions={
        <Link href={org.href("alerts")} className={buttonClass("secondary")}>
          Incidents
        </Link>
      }
    >
      {canWrite ? <MaintenanceForm options={options} /> : null}
      {end.error ? <Notice>{errorMessage(end.error)}</Notice> : null}
      <WindowsTable
        rows={windows.data}
        error={errorMessage(windows.error)}
        labels={labels}
        canWrite={canWrite}
        onEnd={(id) => end.mutate({ id })}
      />
    </Page>
  );
}
