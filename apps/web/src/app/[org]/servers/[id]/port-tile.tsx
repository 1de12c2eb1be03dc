"use client";

import { Badge } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";
import { percent, StateBadge } from "./probe-state";

type Monitor = RouterOutputs["probes"]["monitors"]["list"]["monitors"][number];

/** One monitored port as a tile: its state, TLS version, last latency, 24 h uptime; pressing it shows its charts and history. */
export function PortTile({ monitor: m, selected, onSelect }: { monitor: Monitor; selected: boolean; onSelect: () => void }) {
  return (
    <button
      type="button"
      onClick={onSelect}
      className={`rounded-xl bg-white p-4 text-left shadow-sm ring-1 ${selected ? "ring-2 ring-brand-500" : "ring-slate-200"} ${m.enabled ? "" : "opacity-50"}`}
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
  );
}
