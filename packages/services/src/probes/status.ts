/**
 * The status column of the server list: per enabled port the monitor's state and since when, and per
 * server a latency sparkline over the last 24 h from the hourly rollups. Set-based: two reads for the
 * whole page (monitors, then their rollups summed per server and hour), at most servers × 24 rows of
 * rollups, never one read per row.
 */
import { Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../context.ts";
import { STANDARD_PORTS } from "./monitors.ts";

/** Hours in the list's sparkline: a day of hourly points is readable at 100 px. */
export const SERVER_SPARKLINE_HOURS = 24;
const HOUR_MS = 3_600_000;

/** 25, 587, 465 first (as on the form), then custom ports by number. */
export function comparePorts(a: number, b: number): number {
  const ia = STANDARD_PORTS.indexOf(a);
  const ib = STANDARD_PORTS.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? STANDARD_PORTS.length : ia) - (ib < 0 ? STANDARD_PORTS.length : ib);
  return a - b;
}

export interface ServerStatus {
  ports: {
    monitorId: string;
    port: number;
    mode: "starttls" | "tls";
    state: "UP" | "DEGRADED" | "DOWN" | "UNKNOWN";
    stateSince: Date | null;
    lastProbeAt: Date | null;
    lastLatencyMs: number | null;
  }[];
  /** One point per hour, oldest first: mean latency of the probes that did not fail; null = no such probe that hour. */
  latency: { at: Date; ms: number | null }[];
}

export async function listServerStatus(ctx: OrgContext, input: { serverIds: string[]; now?: Date }): Promise<Map<string, ServerStatus>> {
  const { serverIds, now = new Date() } = input;
  if (serverIds.length === 0) return new Map();
  const monitors = await ctx.db.monitor.findMany({
    where: { orgId: ctx.orgId, serverId: { in: serverIds }, enabled: true },
    select: { id: true, serverId: true, port: true, mode: true, state: true, stateSince: true, lastProbeAt: true, lastLatencyMs: true },
  });
  const firstHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (SERVER_SPARKLINE_HOURS - 1) * HOUR_MS;
  // Summed per server and hour in SQL: servers × 24 rows cross the wire, not monitors × 24.
  const enabledIds = monitors.map((m) => m.id);
  const hours =
    enabledIds.length === 0
      ? []
      : await ctx.db.$queryRaw<{ serverId: string; hour: Date; latencySumMs: number; ok: bigint }[]>`
          select m."serverId", r."hour", sum(r."latencySumMs")::float8 as "latencySumMs", sum(r."ok") as "ok"
          from "MonitorRollup" r join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
          where r."orgId" = ${ctx.orgId} and r."monitorId" in (${Prisma.join(enabledIds)}) and r."hour" >= ${new Date(firstHour)}
          group by 1, 2`;
  // serverId → hour index → [latency sum, ok probes]
  const sums = new Map<string, [number, number][]>();
  for (const r of hours) {
    const i = Math.floor((r.hour.getTime() - firstHour) / HOUR_MS);
    if (i < 0 || i >= SERVER_SPARKLINE_HOURS) continue;
    const row = sums.get(r.serverId) ?? Array.from({ length: SERVER_SPARKLINE_HOURS }, (): [number, number] => [0, 0]);
    const cell = row[i];
    if (cell) {
      cell[0] += r.latencySumMs;
      cell[1] += Number(r.ok);
    }
    sums.set(r.serverId, row);
  }
  const out = new Map<string, ServerStatus>();
  for (const id of serverIds) {
    const row = sums.get(id);
    out.set(id, {
      ports: [],
      latency: row
        ? row.map(([sum, ok], i) => ({ at: new Date(firstHour + i * HOUR_MS), ms: ok === 0 ? null : Math.round(sum / ok) }))
        : [],
    });
  }
  for (const m of monitors) {
    if (!m.serverId) continue;
    out.get(m.serverId)?.ports.push({
      monitorId: m.id,
      port: m.port,
      mode: m.mode,
      state: m.state,
      stateSince: m.stateSince,
      lastProbeAt: m.lastProbeAt,
      lastLatencyMs: m.lastLatencyMs,
    });
  }
  for (const s of out.values()) s.ports.sort((a, b) => comparePorts(a.port, b.port));
  return out;
}
