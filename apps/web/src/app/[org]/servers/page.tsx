"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, buttonClass, Card, EmptyState, LoadingRows, Notice, PageHeader, Sparkline, StatusPill, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

/** What the latency sparkline says to a screen reader (and in its tooltip): the figures, not "a chart". */
function latencyLabel(hostname: string, points: { ms: number | null }[]): string {
  const values = points.map((p) => p.ms).filter((v): v is number => v !== null);
  if (values.length === 0) return `${hostname}, mean probe latency per hour over 24 h`;
  const last = [...points].reverse().find((p) => p.ms !== null)?.ms;
  return `${hostname}, mean probe latency per hour over 24 h: ${Math.min(...values)} to ${Math.max(...values)} ms, latest ${last} ms (${values.length} of ${points.length} hours probed)`;
}

export default function ServersPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const servers = useQuery(trpc.servers.list.queryOptions());
  const health = (
    <Link href={org.href("servers/health")} className={buttonClass("secondary")}>
      <Icon name="chart" className="size-4" /> Port health
    </Link>
  );
  const add = org.can("servers.write") ? (
    <Link href={org.href("servers/new")} className={buttonClass()}>
      <Icon name="plus" className="size-4" /> Add server
    </Link>
  ) : null;
  return (
    <>
      <PageHeader
        title="Mail servers"
        description="The servers we probe on ports 25, 587, 465 and any custom port: state per port, latency, banner, TLS, AUTH and timings."
        actions={
          <span className="flex gap-2">
            {health}
            {add}
          </span>
        }
      />
      {servers.error ? <Notice>{errorMessage(servers.error)}</Notice> : null}
      {servers.isPending ? (
        <LoadingRows />
      ) : servers.data?.length === 0 ? (
        <EmptyState icon={<Icon name="server" className="size-10" />} title="No mail servers yet" action={add}>
          Add the servers your apps send through. We will check that they answer on every port, with valid TLS, day and night.
        </EmptyState>
      ) : servers.data ? (
        <Card>
          <Table head={["Hostname", "Role", "Ports", "Latency 24 h", ""]}>
            {servers.data.map((s) => {
              const last = [...s.latency].reverse().find((p) => p.ms !== null)?.ms;
              return (
                <tr key={s.id} className="hover:bg-slate-50">
                  <Td className="font-medium text-slate-900">
                    <Link href={org.href(`servers/${s.id}`)} className="hover:text-brand-600">
                      {s.hostname}
                    </Link>
                    {s.isLab ? (
                      <span className="ml-2">
                        <Badge tone="amber">lab</Badge>
                      </span>
                    ) : null}
                    {s.ehloName || s.authUsername ? (
                      <div className="mt-0.5 space-x-3 text-xs font-normal text-slate-500">
                        {s.authUsername ? (
                          <span title={s.hasAuthPassword ? "AUTH user, password stored" : "AUTH user, no password"}>
                            AUTH {s.authUsername}
                          </span>
                        ) : null}
                        {s.ehloName ? <span title="The name the probes give in EHLO">EHLO {s.ehloName}</span> : null}
                      </div>
                    ) : null}
                  </Td>
                  <Td className="capitalize">{s.role.toLowerCase()}</Td>
                  <Td>
                    <span className="flex gap-1" data-testid="port-status">
                      {s.ports.length === 0 ? <span className="text-slate-500">no port monitored</span> : null}
                      {s.ports.map((p) => (
                        <StatusPill
                          key={p.monitorId}
                          state={p.state}
                          since={p.stateSince}
                          prefix={p.port}
                          subject={`${s.hostname}:${p.port}${p.mode === "tls" ? " (TLS)" : ""}`}
                        />
                      ))}
                    </span>
                  </Td>
                  <Td>
                    <span className="flex items-center gap-2">
                      <Sparkline values={s.latency.map((p) => p.ms)} label={latencyLabel(s.hostname, s.latency)} />
                      <span className="w-14 text-right text-xs tabular-nums text-slate-500">{last !== undefined ? `${last} ms` : "—"}</span>
                    </span>
                  </Td>
                  <Td className="text-right">
                    <Link href={org.href(`servers/${s.id}`)} className="text-sm font-medium text-brand-600 hover:text-brand-700">
                      Details →
                    </Link>
                  </Td>
                </tr>
              );
            })}
          </Table>
        </Card>
      ) : null}
    </>
  );
}
