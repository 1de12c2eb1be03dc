/**
 * Reading probes back: a server's monitors with uptime, results (keyset-paged), one full result,
 * latency/uptime series from the hourly rollups, the event timeline, and the organization's port matrix.
 */
import { z } from "zod";

import { type OrgContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { comparePorts } from "./status.ts";
import { readJson } from "../json/column.ts";
import { ZStoredProbeResult } from "../json/schemas.ts";

export const PROBE_RANGES = { "24h": 24, "7d": 7 * 24, "30d": 30 * 24 } as const;
/** Results per page of the history table. */
export const PROBE_RESULTS_PAGE_MAX = 100;
export const MONITOR_EVENTS_PAGE_MAX = 200;

const ZId = z.string().min(1).max(40);
export const ZListProbeResults = z.object({
  monitorId: ZId,
  /** Keyset cursor: the last row's (time, id) of the previous page. */
  cursor: z.object({ time: z.date(), id: ZId }).optional(),
  limit: z.number().int().min(1).max(PROBE_RESULTS_PAGE_MAX).default(50),
});
export const ZProbeSeries = z.object({ monitorId: ZId, range: z.enum(["24h", "7d", "30d"]).default("24h") });
export const ZMonitorEvents = z.object({
  serverId: ZId.optional(),
  monitorId: ZId.optional(),
  before: z.date().optional(),
  limit: z.number().int().min(1).max(MONITOR_EVENTS_PAGE_MAX).default(50),
});

const HOUR_MS = 3_600_000;
const hourFloor = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
const percent = (ok: number, probes: number) => (probes === 0 ? null : Math.round((ok / probes) * 10_000) / 100);

/** Uptime % per monitor over the last `hours` (rollups of the current hour included). */
async function uptimeSince(ctx: OrgContext, monitorIds: string[], hours: number, now: Date): Promise<Map<string, number | null>> {
  if (monitorIds.length === 0) return new Map();
  const rows = await ctx.db.monitorRollup.groupBy({
    by: ["monitorId"],
    where: { orgId: ctx.orgId, monitorId: { in: monitorIds }, hour: { gte: new Date(hourFloor(now).getTime() - (hours - 1) * HOUR_MS) } },
    _sum: { probes: true, ok: true },
  });
  return new Map(rows.map((r) => [r.monitorId, percent(r._sum.ok ?? 0, r._sum.probes ?? 0)]));
}

async function uptimeAllRanges(ctx: OrgContext, monitorIds: string[], now: Date) {
  const [d1, d7, d30] = await Promise.all([
    uptimeSince(ctx, monitorIds, PROBE_RANGES["24h"], now),
    uptimeSince(ctx, monitorIds, PROBE_RANGES["7d"], now),
    uptimeSince(ctx, monitorIds, PROBE_RANGES["30d"], now),
  ]);
  return (id: string) => ({ "24h": d1.get(id) ?? null, "7d": d7.get(id) ?? null, "30d": d30.get(id) ?? null });
}

const monitorSelect = {
  id: true,
  port: true,
  dialPort: true,
  mode: true,
  intervalSeconds: true,
  enabled: true,
  state: true,
  stateSince: true,
  stateReasons: true,
  consecutiveFailures: true,
  lastProbeAt: true,
  nextProbeAt: true,
  lastOutcome: true,
  lastLatencyMs: true,
  lastTlsVersion: true,
} as const;

/** A server's monitors (25, 587, 465, then custom ports) with state, TLS, last latency and uptime per range. */
export async function listServerMonitors(ctx: OrgContext, input: { serverId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const server = await ctx.db.mailServer.findFirst({
    where: { id: input.serverId, orgId: ctx.orgId },
    select: { id: true, hostname: true },
  });
  if (!server) throw new NotFoundError("Mail server");
  const monitors = await ctx.db.monitor.findMany({
    where: { orgId: ctx.orgId, serverId: server.id },
    select: monitorSelect,
    orderBy: { port: "asc" },
  });
  const uptime = await uptimeAllRanges(
    ctx,
    monitors.map((m) => m.id),
    now,
  );
  monitors.sort((a, b) => comparePorts(a.port, b.port));
  return { server, monitors: monitors.map((m) => ({ ...m, uptime: uptime(m.id) })) };
}

const resultSummary = {
  id: true,
  time: true,
  outcome: true,
  failedPhase: true,
  replyCode: true,
  enhancedCode: true,
  message: true,
  totalMs: true,
  dnsMs: true,
  connectMs: true,
  bannerMs: true,
  ehloMs: true,
  tlsMs: true,
  ehloAfterTlsMs: true,
  authMs: true,
  envelopeMs: true,
  address: true,
  tlsVersion: true,
  tlsCipher: true,
  certNotAfter: true,
} as const;

async function assertMonitor(ctx: OrgContext, monitorId: string) {
  const m = await ctx.db.monitor.findFirst({
    where: { id: monitorId, orgId: ctx.orgId },
    select: { id: true, port: true, serverId: true },
  });
  if (!m) throw new NotFoundError("Monitor");
  return m;
}

/** Newest first; pass the last row's (time, id) as `cursor` for the next page. */
export async function listProbeResults(ctx: OrgContext, input: z.input<typeof ZListProbeResults>) {
  const { monitorId, cursor, limit } = ZListProbeResults.parse(input);
  await assertMonitor(ctx, monitorId);
  const rows = await ctx.db.probeResult.findMany({
    where: {
      orgId: ctx.orgId,
      monitorId,
      ...(cursor ? { OR: [{ time: { lt: cursor.time } }, { time: cursor.time, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: resultSummary,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > limit && last ? { time: last.time, id: last.id } : null };
}

/** One probe with its transcript, capabilities and certificate chain. `time` picks the partition. */
export async function getProbeResult(ctx: OrgContext, input: { id: string; time: Date }) {
  const row = await ctx.db.probeResult.findFirst({
    where: { orgId: ctx.orgId, id: input.id, time: input.time },
    select: { ...resultSummary, monitorId: true, result: true },
  });
  if (!row) throw new NotFoundError("Probe result");
  return { ...row, result: readJson(ZStoredProbeResult, row.result, `ProbeResult ${row.id}.result`) };
}

/** Latency and uptime per bucket (hourly for 24 h / 7 d, daily for 30 d) and over the whole range. */
export async function getProbeSeries(ctx: OrgContext, input: z.input<typeof ZProbeSeries> & { now?: Date }) {
  const now = input.now ?? new Date();
  const { monitorId, range } = ZProbeSeries.parse(input);
  await assertMonitor(ctx, monitorId);
  const hours = PROBE_RANGES[range];
  const bucketMs = range === "30d" ? 24 * HOUR_MS : HOUR_MS;
  const from = new Date(hourFloor(now).getTime() - (hours - 1) * HOUR_MS);
  const rows = await ctx.db.monitorRollup.findMany({
    where: { orgId: ctx.orgId, monitorId, hour: { gte: from } },
    orderBy: { hour: "asc" },
  });
  const buckets = new Map<number, { probes: number; ok: number; latencySumMs: number; min: number | null; max: number | null }>();
  for (const r of rows) {
    const key = Math.floor(r.hour.getTime() / bucketMs) * bucketMs;
    const b = buckets.get(key) ?? { probes: 0, ok: 0, latencySumMs: 0, min: null, max: null };
    b.probes += r.probes;
    b.ok += r.ok;
    b.latencySumMs += r.latencySumMs;
    if (r.latencyMinMs !== null) b.min = b.min === null ? r.latencyMinMs : Math.min(b.min, r.latencyMinMs);
    if (r.latencyMaxMs !== null) b.max = b.max === null ? r.latencyMaxMs : Math.max(b.max, r.latencyMaxMs);
    buckets.set(key, b);
  }
  const points = [...buckets.entries()].map(([t, b]) => ({
    at: new Date(t),
    probes: b.probes,
    ok: b.ok,
    uptimePercent: percent(b.ok, b.probes),
    avgLatencyMs: b.ok === 0 ? null : Math.round(b.latencySumMs / b.ok),
    minLatencyMs: b.min,
    maxLatencyMs: b.max,
  }));
  const probes = points.reduce((n, p) => n + p.probes, 0);
  const ok = points.reduce((n, p) => n + p.ok, 0);
  return { range, from, bucketMs, points, probes, ok, uptimePercent: percent(ok, probes) };
}

/** State changes and drift, newest first, for a server (all its ports) or one monitor. */
export async function listMonitorEvents(ctx: OrgContext, input: z.input<typeof ZMonitorEvents>) {
  const { serverId, monitorId, before, limit } = ZMonitorEvents.parse(input);
  if (monitorId) await assertMonitor(ctx, monitorId);
  if (serverId && !(await ctx.db.mailServer.findFirst({ where: { id: serverId, orgId: ctx.orgId }, select: { id: true } })))
    throw new NotFoundError("Mail server");
  return ctx.db.monitorEvent.findMany({
    where: {
      orgId: ctx.orgId,
      ...(monitorId ? { monitorId } : {}),
      ...(serverId ? { monitor: { serverId, orgId: ctx.orgId } } : {}),
      ...(before ? { at: { lt: before } } : {}),
    },
    orderBy: { at: "desc" },
    take: limit,
    select: {
      id: true,
      monitorId: true,
      at: true,
      kind: true,
      type: true,
      severity: true,
      message: true,
      before: true,
      after: true,
      monitor: { select: { port: true } },
    },
  });
}

/** Every server × port of the organization with state, latency, TLS and 24 h uptime (the health matrix). */
export async function getPortHealth(ctx: OrgContext, input: { now?: Date } = {}) {
  const now = input.now ?? new Date();
  const [servers, watches] = await Promise.all([
    ctx.db.mailServer.findMany({
      where: { orgId: ctx.orgId },
      orderBy: { hostname: "asc" },
      select: {
        id: true,
        hostname: true,
        role: true,
        monitors: { where: { orgId: ctx.orgId }, select: monitorSelect, orderBy: { port: "asc" } },
      },
    }),
    // Sending domains whose inbound MX set is watched: each MX host is a port-25 monitor.
    ctx.db.mxWatch.findMany({
      where: { orgId: ctx.orgId, enabled: true },
      orderBy: { domain: { domain: "asc" } },
      select: {
        nullMx: true,
        lastError: true,
        domain: { select: { id: true, domain: true } },
        monitors: {
          where: { orgId: ctx.orgId, enabled: true },
          select: { ...monitorSelect, mxHost: true, mxPreference: true },
          orderBy: [{ mxPreference: "asc" }, { mxHost: "asc" }],
        },
      },
    }),
  ]);
  const ids = [...servers.flatMap((s) => s.monitors.map((m) => m.id)), ...watches.flatMap((w) => w.monitors.map((m) => m.id))];
  const uptime = await uptimeSince(ctx, ids, PROBE_RANGES["24h"], now);
  const counts = { UP: 0, DEGRADED: 0, DOWN: 0, UNKNOWN: 0 };
  for (const s of servers) for (const m of s.monitors) if (m.enabled) counts[m.state] += 1;
  const mxCounts = { UP: 0, DEGRADED: 0, DOWN: 0, UNKNOWN: 0 };
  for (const w of watches) for (const m of w.monitors) mxCounts[m.state] += 1;
  return {
    counts,
    servers: servers.map((s) => ({ ...s, monitors: s.monitors.map((m) => ({ ...m, uptime24h: uptime.get(m.id) ?? null })) })),
    mxCounts,
    mxDomains: watches.map((w) => ({
      domainId: w.domain.id,
      domain: w.domain.domain,
      nullMx: w.nullMx,
      lastError: w.lastError,
      hosts: w.monitors.map((m) => ({ ...m, uptime24h: uptime.get(m.id) ?? null })),
    })),
  };
}
