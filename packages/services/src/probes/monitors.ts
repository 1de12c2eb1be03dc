/**
 * Monitors: one per (mail server, port), kept in step with the server's port flags. A port switched off
 * keeps its monitor and history with `enabled = false`; switched back on, it resumes.
 */
import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { type OrgContext, type Tx } from "../context.ts";
import { NotFoundError } from "../errors.ts";

/** The ports a server is watched on and how each is spoken to (RFC 3207 upgrade, or RFC 8314 §3.3 implicit TLS). */
export const MONITOR_PORTS = [
  { port: 25, flag: "port25", mode: "starttls" },
  { port: 587, flag: "port587", mode: "starttls" },
  { port: 465, flag: "port465", mode: "tls" },
] as const;

/** Fastest interval: a 90 s worst-case probe every 30 s is already three in flight per monitor. */
export const MONITOR_MIN_INTERVAL_SECONDS = 30;
/** Slowest interval: an hour still catches an outage within the hour. */
export const MONITOR_MAX_INTERVAL_SECONDS = 3600;
export const MONITOR_DEFAULT_INTERVAL_SECONDS = 300;

export const ZUpdateMonitor = z.object({
  id: z.string().min(1).max(40),
  intervalSeconds: z.number().int().min(MONITOR_MIN_INTERVAL_SECONDS).max(MONITOR_MAX_INTERVAL_SECONDS).optional(),
  enabled: z.boolean().optional(),
});

/**
 * Creates the monitors of a server's enabled ports and toggles the others; call it inside the
 * transaction that created or updated the server. Idempotent.
 */
export async function syncMonitorsForServer(tx: Tx, ctx: Pick<OrgContext, "orgId">, serverId: string): Promise<void> {
  const server = await tx.mailServer.findFirst({ where: { id: serverId, orgId: ctx.orgId }, select: { id: true, port25: true, port587: true, port465: true } });
  if (!server) throw new NotFoundError("Mail server");
  for (const { port, flag, mode } of MONITOR_PORTS) {
    const enabled = server[flag];
    if (enabled) {
      await tx.monitor.upsert({
        where: { serverId_port: { serverId: server.id, port } },
        create: { orgId: ctx.orgId, serverId: server.id, port, mode, stateReasons: [] },
        update: { enabled: true },
      });
    } else {
      await tx.monitor.updateMany({ where: { orgId: ctx.orgId, serverId: server.id, port }, data: { enabled: false } });
    }
  }
}

export async function getMonitor(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.monitor.findFirst({ where: { id: input.id, orgId: ctx.orgId }, include: { server: { select: { id: true, hostname: true } } } });
  if (!row) throw new NotFoundError("Monitor");
  return row;
}

/** Interval and on/off of one monitor; a new interval takes effect from now. */
export async function updateMonitor(ctx: OrgContext, input: z.input<typeof ZUpdateMonitor>) {
  const { id, ...data } = ZUpdateMonitor.parse(input);
  const current = await getMonitor(ctx, { id });
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.monitor.update({
      where: { id: current.id, orgId: ctx.orgId },
      data: { ...data, ...(data.intervalSeconds !== undefined || data.enabled === true ? { nextProbeAt: new Date() } : {}) },
      select: { id: true, port: true, intervalSeconds: true, enabled: true },
    });
    await recordAudit(tx, ctx, { action: "monitor.update", targetType: "Monitor", targetId: row.id, metadata: { server: current.server?.hostname ?? current.mxHost, port: row.port, changed: Object.keys(data) } });
    return row;
  });
}
