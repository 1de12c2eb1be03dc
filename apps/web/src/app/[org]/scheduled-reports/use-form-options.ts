"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

import { type ReportFormOptions } from "./report-form";

/**
 * What the definition form offers: the organization's zone, its domains, servers and channels, and how
 * many members hold each role. Each list is optional: a role that cannot read one still gets the form.
 */
export function useReportFormOptions(): ReportFormOptions & { orgLoaded: boolean } {
  const trpc = useTRPC();
  const org = useQuery(trpc.organization.current.queryOptions());
  const domains = useQuery(trpc.domains.list.queryOptions());
  const servers = useQuery(trpc.servers.list.queryOptions());
  const channels = useQuery(trpc.alerts.channels.list.queryOptions());
  const members = useQuery(trpc.members.list.queryOptions());
  const roleCounts = members.data?.reduce<Partial<Record<string, number>>>((acc, m) => ({ ...acc, [m.role]: (acc[m.role] ?? 0) + 1 }), {});
  return {
    orgLoaded: org.data !== undefined,
    timeZone: org.data?.timeZone ?? "UTC",
    domains: domains.data?.map((d) => ({ id: d.id, domain: d.domain })) ?? (domains.error ? [] : undefined),
    servers: servers.data?.map((s) => ({ id: s.id, hostname: s.hostname })) ?? (servers.error ? [] : undefined),
    channels: channels.data?.map((c) => ({ id: c.id, name: c.name, kind: c.kind })) ?? (channels.error ? [] : undefined),
    roleCounts,
  };
}
