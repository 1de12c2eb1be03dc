"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, Card, CardBody, CardHeader, LoadingRows, Notice } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

/** A server's monitors' state changes and drift (TLS, certificate, AUTH, banner, SIZE), newest first. */
export function ServerEvents({ serverId }: { serverId: string }) {
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
