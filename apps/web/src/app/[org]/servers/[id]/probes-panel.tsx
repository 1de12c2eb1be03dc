"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";

import { Badge, Button, Card, CardBody, CardHeader, EmptyState, ExpandButton, LoadingRows, Notice, Table, Td } from "@inboxwatch/ui";

import { ProbeLatencyChart } from "~/components/charts/probe-latency";
import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ProbeDetail, ProbeResultView } from "./probe-detail";
import { OutcomeBadge, percent, StateBadge } from "./probe-state";

const RANGES = ["24h", "7d", "30d"] as const;
type Range = (typeof RANGES)[number];

/** Port tiles, "Probe now", latency/uptime charts, probe history with detail, and the drift timeline. */
export function ProbesPanel({ serverId }: { serverId: string }) {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const monitors = useQuery(trpc.probes.monitors.list.queryOptions({ serverId }));
  const [selected, setSelected] = useState<string | null>(null);
  const list = monitors.data?.monitors ?? [];
  const monitorId = selected ?? list.find((m) => m.enabled)?.id ?? null;
  const current = list.find((m) => m.id === monitorId);
  const probeNow = useMutation(
    trpc.probes.monitors.run.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.probes.pathKey() }),
    }),
  );

  if (monitors.error) return <Notice title="Cannot show this server's probes">{errorMessage(monitors.error)}</Notice>;
  if (!monitors.data) return <LoadingRows rows={3} />;
  if (list.length === 0) {
    return (
      <EmptyState icon={<Icon name="server" className="size-10" />} title="No monitored ports">
        Enable port 25, 587 or 465, or add a custom port, in the settings below; the first probe runs within a minute.
      </EmptyState>
    );
  }
  return (
    <div className="mb-6 space-y-6">
      <div className="grid gap-4 sm:grid-cols-3">
        {list.map((m) => (
          <button
            key={m.id}
            type="button"
            onClick={() => setSelected(m.id)}
            className={`rounded-xl bg-white p-4 text-left shadow-sm ring-1 ${m.id === monitorId ? "ring-2 ring-brand-500" : "ring-slate-200"} ${m.enabled ? "" : "opacity-50"}`}
          >
            <div className="flex items-center justify-between">
              <span className="text-lg font-semibold text-slate-900">
                {m.port} <span className="text-xs font-normal text-slate-500">{m.mode === "tls" ? "implicit TLS" : "STARTTLS"}</span>
              </span>
              {m.enabled ? <StateBadge state={m.state} /> : <Badge>off</Badge>}
            </div>
            <dl className="mt-3 grid grid-cols-3 gap-2 text-xs">
              <div>
                <dt className="text-slate-500">TLS</dt>
                <dd className="font-medium">{m.lastTlsVersion ?? "—"}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Latency</dt>
                <dd className="font-medium">{m.lastLatencyMs === null ? "—" : `${m.lastLatencyMs} ms`}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Uptime 24 h</dt>
                <dd className="font-medium">{percent(m.uptime["24h"])}</dd>
              </div>
            </dl>
            {m.stateReasons.length > 0 ? <p className="mt-2 line-clamp-2 text-xs text-slate-500">{m.stateReasons.join("; ")}</p> : null}
            <p className="mt-2 text-xs text-slate-500">
              {m.lastProbeAt ? `probed ${m.lastProbeAt.toLocaleString()}` : "waiting for the first probe"}
            </p>
          </button>
        ))}
      </div>

      {current ? (
        <Card>
          <CardHeader
            title={`Port ${current.port}`}
            description={`Every ${Math.round(current.intervalSeconds / 60) || 1} min · uptime 7 d ${percent(current.uptime["7d"])} · 30 d ${percent(current.uptime["30d"])}`}
            actions={
              org.can("servers.write") && current.enabled ? (
                <Button size="sm" loading={probeNow.isPending} onClick={() => probeNow.mutate({ id: current.id })}>
                  Probe now
                </Button>
              ) : null
            }
          />
          {probeNow.error || probeNow.data ? (
            <CardBody>
              {probeNow.error ? <Notice>{errorMessage(probeNow.error)}</Notice> : null}
              {probeNow.data && probeNow.variables.id === current.id ? <ProbeResultView result={probeNow.data.result} /> : null}
            </CardBody>
          ) : null}
          <CardBody>
            <MonitorCharts monitorId={current.id} />
          </CardBody>
          <MonitorResults monitorId={current.id} />
        </Card>
      ) : null}
      <DriftTimeline serverId={serverId} />
    </div>
  );
}

function MonitorCharts({ monitorId }: { monitorId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("24h");
  const series = useQuery(trpc.probes.monitors.series.queryOptions({ monitorId, range }));
  return (
    <div>
      <div className="mb-2 flex items-center justify-between">
        <span className="text-sm text-slate-600">
          Latency and uptime {series.data ? `· ${percent(series.data.uptimePercent)} over ${range}` : ""}
        </span>
        <div className="flex gap-1">
          {RANGES.map((r) => (
            <Button key={r} size="sm" variant={r === range ? "primary" : "secondary"} onClick={() => setRange(r)}>
              {r}
            </Button>
          ))}
        </div>
      </div>
      {series.error ? <Notice>{errorMessage(series.error)}</Notice> : null}
      {series.data && series.data.points.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-500">No probes in this range yet.</p>
      ) : null}
      {series.data && series.data.points.length > 0 ? (
        <ProbeLatencyChart
          daily={range === "30d"}
          data={series.data.points.map((p) => ({
            t: p.at.getTime(),
            avgLatencyMs: p.avgLatencyMs,
            maxLatencyMs: p.maxLatencyMs,
            uptimePercent: p.uptimePercent,
          }))}
        />
      ) : null}
    </div>
  );
}

function MonitorResults({ monitorId }: { monitorId: string }) {
  const trpc = useTRPC();
  const [cursor, setCursor] = useState<{ time: Date; id: string } | undefined>(undefined);
  const [open, setOpen] = useState<{ id: string; time: Date } | null>(null);
  const results = useQuery(trpc.probes.results.list.queryOptions({ monitorId, limit: 20, ...(cursor ? { cursor } : {}) }));
  if (results.error)
    return (
      <CardBody>
        <Notice>{errorMessage(results.error)}</Notice>
      </CardBody>
    );
  if (!results.data)
    return (
      <CardBody>
        <LoadingRows />
      </CardBody>
    );
  if (results.data.items.length === 0)
    return (
      <CardBody>
        <p className="text-sm text-slate-500">No probes yet: the scheduler runs one within a minute, or press Probe now.</p>
      </CardBody>
    );
  return (
    <>
      <Table
        head={[
          <span key="x" className="sr-only">
            Details
          </span>,
          "Time",
          "Outcome",
          "TLS",
          "Connect",
          "TLS handshake",
          "Total",
        ]}
      >
        {results.data.items.map((r) => {
          const expanded = open?.id === r.id;
          const toggle = () => setOpen(expanded ? null : { id: r.id, time: r.time });
          const detailId = `probe-detail-${r.id}`;
          return (
            <Fragment key={r.id}>
              <tr
                className={`cursor-pointer hover:bg-slate-50 ${expanded ? "bg-brand-50" : ""}`}
                onClick={toggle}
                title={expanded ? "Hide the transcript" : "Show the transcript, capabilities and certificate"}
              >
                <Td className="w-8 pr-0">
                  <ExpandButton
                    expanded={expanded}
                    controls={detailId}
                    what={`the probe of ${r.time.toLocaleString()}`}
                    onToggle={toggle}
                  />
                </Td>
                <Td>{r.time.toLocaleString()}</Td>
                <Td>
                  <OutcomeBadge outcome={r.outcome} /> {r.replyCode ? <span className="text-xs text-slate-500">{r.replyCode}</span> : null}
                </Td>
                <Td>{r.tlsVersion ?? "—"}</Td>
                <Td>{r.connectMs === null ? "—" : `${r.connectMs} ms`}</Td>
                <Td>{r.tlsMs === null ? "—" : `${r.tlsMs} ms`}</Td>
                <Td>{r.totalMs} ms</Td>
              </tr>
              {expanded && open ? (
                <tr id={detailId} className="bg-slate-50/60">
                  <Td colSpan={7} className="whitespace-normal">
                    <ProbeDetail id={open.id} time={open.time} />
                  </Td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </Table>
      <CardBody className="flex justify-end gap-2">
        {cursor ? (
          <Button size="sm" variant="secondary" onClick={() => setCursor(undefined)}>
            Newest
          </Button>
        ) : null}
        {results.data.nextCursor ? (
          <Button size="sm" variant="secondary" onClick={() => setCursor(results.data.nextCursor ?? undefined)}>
            Older
          </Button>
        ) : null}
      </CardBody>
    </>
  );
}

function DriftTimeline({ serverId }: { serverId: string }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.probes.monitors.events.queryOptions({ serverId, limit: 50 }));
  return (
    <Card>
      <CardHeader
        title="State changes and drift"
        description="Ports going up or down, and TLS, certificate, AUTH, banner or SIZE changes between successful probes."
      />
      <CardBody>
        {events.error ? <Notice>{errorMessage(events.error)}</Notice> : null}
        {events.isPending ? <LoadingRows /> : null}
        {events.data?.length === 0 ? <p className="text-sm text-slate-500">Nothing has changed yet.</p> : null}
        <ol className="space-y-2">
          {events.data?.map((e) => (
            <li key={e.id} className="flex items-start gap-3 text-sm">
              <span className="w-40 shrink-0 text-xs text-slate-500">{e.at.toLocaleString()}</span>
              <Badge>{e.monitor.port}</Badge>
              <Badge
                tone={e.severity === "critical" ? "red" : e.severity === "warning" ? "amber" : e.kind === "state_change" ? "green" : "blue"}
              >
                {e.kind === "drift" ? e.type.replace(/_/g, " ") : e.type}
              </Badge>
              <span className="text-slate-700">{e.message}</span>
            </li>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}
