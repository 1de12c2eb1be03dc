"use client";

import Link from "next/link";

import { Card, CsvButton, type CsvColumn, StatusPill } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { type RouterOutputs } from "~/trpc/react";

import { formatKpi, type KpiValue } from "./format";

type Panels = RouterOutputs["analytics"]["panels"];
type PortTile = Panels["ports"][number];

const PORT_ROLE: Record<number, string> = { 25: "SMTP relay", 587: "Submission", 465: "Submission over TLS" };
const STATE_LABEL = { up: "UP", degraded: "DEGRADED", down: "DOWN", unknown: "UNKNOWN" } as const;

const ms = (v: KpiValue) => (v.state === "ok" ? `${Math.round(v.value)} ms` : v.state === "not-enough" ? `${v.volume} samples` : "–");
const csvValue = (v: KpiValue) => (v.state === "ok" ? Number(v.value.toFixed(4)) : v.state);

const CSV_COLUMNS: CsvColumn<PortTile>[] = [
  { header: "port", csv: (p) => p.port },
  { header: "state", csv: (p) => p.state },
  { header: "monitors", csv: (p) => p.monitors.total },
  { header: "never probed", csv: (p) => p.monitors.unprobed },
  { header: "probes", csv: (p) => p.probes },
  { header: "uptime", csv: (p) => csvValue(p.uptime) },
  { header: "mean probe ms", csv: (p) => csvValue(p.meanProbeMs) },
  { header: "connect p95 ms", csv: (p) => csvValue(p.connectP95Ms) },
  { header: "banner p95 ms", csv: (p) => csvValue(p.bannerP95Ms) },
  { header: "last probe", csv: (p) => p.lastProbeAt },
];

function monitorsText(p: PortTile): string {
  const m = p.monitors;
  if (m.total === 0) return "Not monitored";
  const parts = [`${m.total} monitor${m.total === 1 ? "" : "s"}`];
  if (m.down) parts.push(`${m.down} down`);
  if (m.degraded) parts.push(`${m.degraded} degraded`);
  if (m.unprobed) parts.push(`${m.unprobed} never probed`);
  return parts.join(" · ");
}

function Tile({ p, href }: { p: PortTile; href: string }) {
  const uptime = p.uptime;
  return (
    <Link
      href={href}
      className="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      data-port-tile={p.port}
      data-state={p.state}
    >
      <Card className="h-full p-4 transition-colors group-hover:border-brand-300">
        <div className="flex items-start justify-between gap-2">
          <h3 className="text-sm font-medium text-slate-600">
            Port {p.port} <span className="font-normal text-slate-500">· {PORT_ROLE[p.port]}</span>
          </h3>
          <StatusPill state={STATE_LABEL[p.state]} subject={`Port ${p.port}`} />
        </div>
        <p className={uptime.state === "ok" ? "mt-1 text-2xl font-semibold text-slate-900" : "mt-1 text-base font-semibold text-slate-500"}>
          {uptime.state === "ok"
            ? formatKpi(uptime, "fraction")
            : p.monitors.total === 0
              ? "Not monitored"
              : formatKpi(uptime, "fraction", "probes")}
          {uptime.state === "ok" ? <span className="ml-1 text-sm font-normal text-slate-500">uptime</span> : null}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {p.probes.toLocaleString("en-US")} probes{p.meanProbeMs.state === "ok" ? ` · mean session ${ms(p.meanProbeMs)}` : ""}
          {p.connectP95Ms.state === "ok" || p.bannerP95Ms.state === "ok"
            ? ` · p95 connect ${ms(p.connectP95Ms)}, banner ${ms(p.bannerP95Ms)}`
            : ""}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {monitorsText(p)}
          {p.lastProbeAt ? ` · last probe ${p.lastProbeAt.slice(0, 16).replace("T", " ")} UTC` : ""}
        </p>
      </Card>
    </Link>
  );
}

/** One tile per SMTP port: uptime over the range, probes, p95 connect and banner times, and the state now; each opens the monitors. */
export function PortTiles({ panels, serverId }: { panels: Panels; serverId?: string }) {
  const org = useOrg();
  const href = org.href(serverId ? `servers/${serverId}` : "servers/health");
  return (
    <section aria-labelledby="port-tiles">
      <div className="mb-2 flex items-center justify-between gap-4">
        <h2 id="port-tiles" className="text-base font-semibold text-slate-900">
          Ports
          <span className="ml-2 text-sm font-normal text-slate-500">
            SMTP probes of your mail servers; not filtered by provider or domain
          </span>
        </h2>
        <CsvButton title="analytics-ports" rows={panels.ports} columns={CSV_COLUMNS} />
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        {panels.ports.map((p) => (
          <Tile key={p.port} p={p} href={href} />
        ))}
      </div>
    </section>
  );
}
