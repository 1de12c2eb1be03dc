"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, EmptyState, LoadingRows, Notice } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { MonitorCharts } from "./monitor-charts";
import { MonitorResults } from "./monitor-results";
import { PortTile } from "./port-tile";
import { ProbeResultView } from "./probe-detail";
import { percent } from "./probe-state";
import { ServerEvents } from "./server-events";

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
          <PortTile key={m.id} monitor={m} selected={m.id === monitorId} onSelect={() => setSelected(m.id)} />
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
      <ServerEvents serverId={serverId} />
    </div>
  );
}
