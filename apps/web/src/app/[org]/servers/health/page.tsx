"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { DataTable, EmptyState, LoadingRows, Notice, Stat, type DataColumn } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";
import { MxHosts } from "./mx-hosts";
import { CustomPortLink, PortStateLink } from "./port-state-link";

const PORTS = [25, 587, 465] as const;

type Health = RouterOutputs["probes"]["portHealth"];
type ServerRow = Health["servers"][number];

/** Every server × port of the organization, coloured by monitor state, then the watched domains' MX hosts. */
export default function PortHealthPage() {
  const trpc = useTRPC();
  const health = useQuery(trpc.probes.portHealth.queryOptions());
  const h = health.data;
  return (
    <Page
      title="Port health"
      description="Every mail server on ports 25, 587, 465 and its custom ports, and the MX hosts of watched domains: state, last latency, TLS version and uptime over 24 hours."
    >
      {health.error ? <Notice>{errorMessage(health.error)}</Notice> : null}
      {health.isPending ? <LoadingRows /> : null}
      {h ? (
        <>
          <div className="mb-6 grid gap-4 sm:grid-cols-4">
            <Stat label="Up" value={h.counts.UP} />
            <Stat label="Degraded" value={h.counts.DEGRADED} />
            <Stat label="Down" value={h.counts.DOWN} />
            <Stat label="Not probed yet" value={h.counts.UNKNOWN} />
          </div>
          {h.servers.length === 0 && h.mxDomains.length === 0 ? <NoServers /> : <ServerPorts servers={h.servers} />}
          {h.mxDomains.length > 0 ? <MxHosts domains={h.mxDomains} counts={h.mxCounts} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function NoServers() {
  const org = useOrg();
  return (
    <EmptyState icon={<Icon name="server" className="size-10" />} title="No mail servers yet">
      <Link href={org.href("servers/new")} className="text-brand-600">
        Add a server
      </Link>{" "}
      and its ports are probed within a minute.
    </EmptyState>
  );
}

/** The matrix: one row per server, a cell per standard port, its custom ports together in the last column. */
function ServerPorts({ servers }: { servers: ServerRow[] }) {
  const org = useOrg();
  const href = (s: ServerRow) => org.href(`servers/${s.id}`);
  const columns: DataColumn<ServerRow>[] = [
    {
      id: "server",
      header: "Server",
      sortValue: (s) => s.hostname,
      className: "font-medium text-slate-900",
      cell: (s) => (
        <Link href={href(s)} className="hover:text-brand-600">
          {s.hostname}
        </Link>
      ),
    },
    ...PORTS.map((p): DataColumn<ServerRow> => ({
      id: `port-${p}`,
      header: `Port ${p}`,
      cell: (s) => {
        const m = s.monitors.find((x) => x.port === p && x.enabled);
        return m ? <PortStateLink href={href(s)} port={m} /> : <span className="text-xs text-slate-500">not monitored</span>;
      },
    })),
    {
      id: "custom",
      header: "Custom ports",
      cell: (s) => (
        <span className="flex flex-wrap gap-1">
          {s.monitors
            .filter((m) => m.enabled && !(PORTS as readonly number[]).includes(m.port))
            .map((m) => (
              <CustomPortLink key={m.id} href={href(s)} port={m} />
            ))}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption="Ports of your mail servers"
      columns={columns}
      rows={servers}
      rowKey={(s) => s.id}
      pageSize={0}
      empty={{ title: "No mail servers of your own yet" }}
    />
  );
}
