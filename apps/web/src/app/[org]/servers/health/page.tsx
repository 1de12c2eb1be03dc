"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Card, EmptyState, LoadingRows, Notice, PageHeader, Stat, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { percent, STATE_CELL } from "../[id]/probe-state";

const PORTS = [25, 587, 465] as const;

/** Every server × port of the organization, coloured by monitor state. */
export default function PortHealthPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const health = useQuery(trpc.probes.health.queryOptions());
  return (
    <>
      <PageHeader title="Port health" description="Every mail server on ports 25, 587 and 465: state, last latency, TLS version and uptime over 24 hours." />
      {health.error ? <Notice>{errorMessage(health.error)}</Notice> : null}
      {health.isPending ? <LoadingRows /> : null}
      {health.data ? (
        <>
          <div className="mb-6 grid gap-4 sm:grid-cols-4">
            <Stat label="Up" value={health.data.counts.UP} />
            <Stat label="Degraded" value={health.data.counts.DEGRADED} />
            <Stat label="Down" value={health.data.counts.DOWN} />
            <Stat label="Not probed yet" value={health.data.counts.UNKNOWN} />
          </div>
          {health.data.servers.length === 0 ? (
            <EmptyState icon={<Icon name="server" className="size-10" />} title="No mail servers yet">
              <Link href={org.href("servers/new")} className="text-brand-600">Add a server</Link> and its ports are probed within a minute.
            </EmptyState>
          ) : (
            <Card>
              <Table head={["Server", ...PORTS.map((p) => `Port ${p}`)]}>
                {health.data.servers.map((s) => (
                  <tr key={s.id}>
                    <Td className="font-medium text-slate-900">
                      <Link href={org.href(`servers/${s.id}`)} className="hover:text-brand-600">
                        {s.hostname}
                      </Link>
                    </Td>
                    {PORTS.map((p) => {
                      const m = s.monitors.find((x) => x.port === p && x.enabled);
                      return (
                        <Td key={p}>
                          {m ? (
                            <Link href={org.href(`servers/${s.id}`)} className={`block rounded-md px-2 py-1 text-xs ${STATE_CELL[m.state] ?? ""}`} title={m.stateReasons.join("; ")}>
                              <span className="font-semibold">{m.state === "UNKNOWN" ? "pending" : m.state}</span>
                              <span className="ml-2">{m.lastLatencyMs === null ? "" : `${m.lastLatencyMs} ms`}</span>
                              <span className="ml-2">{m.lastTlsVersion ?? ""}</span>
                              <span className="ml-2 opacity-75">{percent(m.uptime24h)}</span>
                            </Link>
                          ) : (
                            <span className="text-xs text-slate-400">not monitored</span>
                          )}
                        </Td>
                      );
                    })}
                  </tr>
                ))}
              </Table>
            </Card>
          )}
        </>
      ) : null}
    </>
  );
}
