"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Card, EmptyState, LoadingRows, Notice, PageHeader, Stat, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";
import { percent, STATE_CELL } from "../[id]/probe-state";

const PORTS = [25, 587, 465] as const;

type Health = RouterOutputs["probes"]["portHealth"];

/** The inbound MX hosts of watched sending domains (port 25), each with its state like a server port. */
function MxHosts({ domains, counts }: { domains: Health["mxDomains"]; counts: Health["mxCounts"] }) {
  const org = useOrg();
  return (
    <div className="mt-8">
      <h2 className="text-base font-semibold text-slate-900">Mail exchangers of your domains</h2>
      <p className="mb-3 text-sm text-slate-500">
        Where mail to your domains is delivered, probed on port 25: {counts.UP} up, {counts.DEGRADED} degraded, {counts.DOWN} down,{" "}
        {counts.UNKNOWN} not probed yet.
      </p>
      <Card>
        <Table head={["Domain", "MX host", "Preference", "Port 25"]}>
          {domains.flatMap((d) =>
            d.hosts.length === 0
              ? [
                  <tr key={d.domainId}>
                    <Td className="font-medium text-slate-900">
                      <Link href={org.href(`domains/${d.domainId}`)} className="hover:text-brand-600">
                        {d.domain}
                      </Link>
                    </Td>
                    <Td className="text-xs text-slate-500" colSpan={3}>
                      {d.nullMx ? "Null MX (RFC 7505): the domain accepts no mail" : (d.lastError ?? "MX set not resolved yet")}
                    </Td>
                  </tr>,
                ]
              : d.hosts.map((m, i) => (
                  <tr key={m.id}>
                    <Td className="font-medium text-slate-900">
                      {i === 0 ? (
                        <Link href={org.href(`domains/${d.domainId}`)} className="hover:text-brand-600">
                          {d.domain}
                        </Link>
                      ) : null}
                    </Td>
                    <Td className="font-mono text-xs">{m.mxHost}</Td>
                    <Td className="text-xs">{m.mxPreference ?? ""}</Td>
                    <Td>
                      <Link
                        href={org.href(`domains/${d.domainId}`)}
                        className={`block rounded-md px-2 py-1 text-xs ${STATE_CELL[m.state] ?? ""}`}
                        title={m.stateReasons.join("; ")}
                      >
                        <span className="font-semibold">{m.state === "UNKNOWN" ? "pending" : m.state}</span>
                        <span className="ml-2">{m.lastLatencyMs === null ? "" : `${m.lastLatencyMs} ms`}</span>
                        <span className="ml-2">{m.lastTlsVersion ?? ""}</span>
                        <span className="ml-2 font-normal">{percent(m.uptime24h)}</span>
                      </Link>
                    </Td>
                  </tr>
                )),
          )}
        </Table>
      </Card>
    </div>
  );
}

/** Every server × port of the organization, coloured by monitor state, then the watched domains' MX hosts. */
export default function PortHealthPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const health = useQuery(trpc.probes.portHealth.queryOptions());
  return (
    <>
      <PageHeader
        title="Port health"
        description="Every mail server on ports 25, 587, 465 and its custom ports, and the MX hosts of watched domains: state, last latency, TLS version and uptime over 24 hours."
      />
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
          {health.data.servers.length === 0 && health.data.mxDomains.length === 0 ? (
            <EmptyState icon={<Icon name="server" className="size-10" />} title="No mail servers yet">
              <Link href={org.href("servers/new")} className="text-brand-600">
                Add a server
              </Link>{" "}
              and its ports are probed within a minute.
            </EmptyState>
          ) : (
            <Card>
              {health.data.servers.length === 0 ? <p className="p-4 text-sm text-slate-500">No mail servers of your own yet.</p> : null}
              <Table head={["Server", ...PORTS.map((p) => `Port ${p}`), "Custom ports"]}>
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
                            <Link
                              href={org.href(`servers/${s.id}`)}
                              className={`block rounded-md px-2 py-1 text-xs ${STATE_CELL[m.state] ?? ""}`}
                              title={m.stateReasons.join("; ")}
                            >
                              <span className="font-semibold">{m.state === "UNKNOWN" ? "pending" : m.state}</span>
                              <span className="ml-2">{m.lastLatencyMs === null ? "" : `${m.lastLatencyMs} ms`}</span>
                              <span className="ml-2">{m.lastTlsVersion ?? ""}</span>
                              <span className="ml-2 font-normal">{percent(m.uptime24h)}</span>
                            </Link>
                          ) : (
                            <span className="text-xs text-slate-500">not monitored</span>
                          )}
                        </Td>
                      );
                    })}
                    <Td>
                      <span className="flex flex-wrap gap-1">
                        {s.monitors
                          .filter((m) => m.enabled && !(PORTS as readonly number[]).includes(m.port))
                          .map((m) => (
                            <Link
                              key={m.id}
                              href={org.href(`servers/${s.id}`)}
                              className={`rounded-md px-2 py-1 text-xs ${STATE_CELL[m.state] ?? ""}`}
                              title={m.stateReasons.join("; ")}
                            >
                              <span className="font-mono">{m.port}</span>{" "}
                              <span className="font-semibold">{m.state === "UNKNOWN" ? "pending" : m.state}</span>
                              {m.lastLatencyMs === null ? "" : ` ${m.lastLatencyMs} ms`}
                            </Link>
                          ))}
                      </span>
                    </Td>
                  </tr>
                ))}
              </Table>
            </Card>
          )}
          {health.data.mxDomains.length > 0 ? <MxHosts domains={health.data.mxDomains} counts={health.data.mxCounts} /> : null}
        </>
      ) : null}
    </>
  );
}
