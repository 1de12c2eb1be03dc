"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, buttonClass, Sparkline, StatusPill, type DataColumn } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { AddLink, DetailsLink, InventoryPage } from "~/components/inventory-list";
import { useOrg } from "~/components/org-context";
import { useTRPC, type RouterOutputs } from "~/trpc/react";

type ServerRow = RouterOutputs["servers"]["list"][number];

/** What the latency sparkline says to a screen reader (and in its tooltip): the figures, not "a chart". */
function latencyLabel(hostname: string, points: { ms: number | null }[]): string {
  const values = points.map((p) => p.ms).filter((v): v is number => v !== null);
  if (values.length === 0) return `${hostname}, mean probe latency per hour over 24 h`;
  const last = [...points].reverse().find((p) => p.ms !== null)?.ms;
  return `${hostname}, mean probe latency per hour over 24 h: ${Math.min(...values)} to ${Math.max(...values)} ms, latest ${last} ms (${values.length} of ${points.length} hours probed)`;
}

function ServerName({ s, href }: { s: ServerRow; href: string }) {
  return (
    <>
      <Link href={href} className="hover:text-brand-600">
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
            <span title={s.hasAuthPassword ? "AUTH user, password stored" : "AUTH user, no password"}>AUTH {s.authUsername}</span>
          ) : null}
          {s.ehloName ? <span title="The name the probes give in EHLO">EHLO {s.ehloName}</span> : null}
        </div>
      ) : null}
    </>
  );
}

function Ports({ s }: { s: ServerRow }) {
  return (
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
  );
}

function Latency({ s }: { s: ServerRow }) {
  const last = [...s.latency].reverse().find((p) => p.ms !== null)?.ms;
  return (
    <span className="flex items-center gap-2">
      <Sparkline values={s.latency.map((p) => p.ms)} label={latencyLabel(s.hostname, s.latency)} />
      <span className="w-14 text-right text-xs tabular-nums text-slate-500">{last !== undefined ? `${last} ms` : "—"}</span>
    </span>
  );
}

export default function ServersPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const servers = useQuery(trpc.servers.list.queryOptions());
  const add = org.can("servers.write") ? <AddLink href={org.href("servers/new")} label="Add server" /> : null;
  const columns: DataColumn<ServerRow>[] = [
    {
      id: "hostname",
      header: "Hostname",
      sortValue: (s) => s.hostname,
      className: "font-medium text-slate-900",
      cell: (s) => <ServerName s={s} href={org.href(`servers/${s.id}`)} />,
    },
    { id: "role", header: "Role", sortValue: (s) => s.role, className: "capitalize", cell: (s) => s.role.toLowerCase() },
    { id: "ports", header: "Ports", cell: (s) => <Ports s={s} /> },
    { id: "latency", header: "Latency 24 h", cell: (s) => <Latency s={s} /> },
    { id: "details", header: "", align: "right", cell: (s) => <DetailsLink href={org.href(`servers/${s.id}`)} /> },
  ];
  return (
    <InventoryPage
      area="servers"
      add={add}
      actions={
        <span className="flex gap-2">
          <Link href={org.href("servers/health")} className={buttonClass("secondary")}>
            <Icon name="chart" className="size-4" /> Port health
          </Link>
          {add}
        </span>
      }
      query={servers}
      columns={columns}
    />
  );
}
