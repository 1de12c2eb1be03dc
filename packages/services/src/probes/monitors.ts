/**
 * Monitors: one per (mail server, port), kept in step with the server's port flags and its custom ports.
 * A port switched off keeps its monitor and history with `enabled = false`; switched back on, it resumes.
 * Custom ports (2525, a private submission port…) have no flag: the server's enabled monitors on a port
 * other than 25/587/465 are its custom port list, so there is one place that says what is probed.
 */
import { z } from "zod";

import { Prisma } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext, type Tx, type InTx } from "../context.ts";
import { NotFoundError } from "../errors.ts";

/** The ports a server is watched on and how each is spoken to (RFC 3207 upgrade, or RFC 8314 §3.3 implicit TLS). */
export const MONITOR_PORTS = [
  { port: 25, flag: "port25", mode: "starttls" },
  { port: 587, flag: "port587", mode: "starttls" },
  { port: 465, flag: "port465", mode: "tls" },
] as const;

/** The ports with a MailServer flag; any other port of a server is a custom port. */
export const STANDARD_PORTS: readonly number[] = MONITOR_PORTS.map((p) => p.port);
export const isCustomPort = (port: number) => !STANDARD_PORTS.includes(port);

/** Custom ports per server: each is a monitor probed every interval, and ten covers every real layout. */
export const MAX_CUSTOM_PORTS = 10;
/** Highest TCP port (RFC 793 §3.1: 16-bit port numbers; 0 is not dialable). */
const MAX_TCP_PORT = 65_535;

export const ZCustomPort = z.object({
  port: z
    .number({ message: "Enter a port number" })
    .int("Ports are whole numbers")
    .min(1, "Ports are 1–65535")
    .max(MAX_TCP_PORT, "Ports are 1–65535")
    .superRefine((port, ctx) => {
      if (!isCustomPort(port)) ctx.addIssue({ code: "custom", message: `Port ${port} is a standard port: tick it under "Ports to probe"` });
    }),
  /** starttls: plain SMTP upgraded with STARTTLS (RFC 3207); tls: implicit TLS from the first byte (RFC 8314 §3.3). */
  mode: z.enum(["starttls", "tls"]),
});
export type TCustomPort = z.infer<typeof ZCustomPort>;

export const ZCustomPorts = z
  .array(ZCustomPort)
  .max(MAX_CUSTOM_PORTS, `At most ${MAX_CUSTOM_PORTS} custom ports per server`)
  .superRefine((ports, ctx) => {
    const seen = new Set<number>();
    ports.forEach((p, i) => {
      if (seen.has(p.port)) ctx.addIssue({ code: "custom", message: `Port ${p.port} is listed twice`, path: [i, "port"] });
      seen.add(p.port);
    });
  });

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
 * transaction that created or updated the server. Idempotent. `customPorts` (validated with
 * ZCustomPorts) replaces the server's custom ports; undefined leaves them as they are.
 */
export async function syncMonitorsForServer(
  ctx: Pick<InTx<OrgContext>, "db" | "orgId">,
  input: { serverId: string; customPorts?: readonly TCustomPort[] },
): Promise<void> {
  const tx = ctx.db;
  const { serverId, customPorts } = input;
  const server = await tx.mailServer.findFirst({
    where: { id: serverId, orgId: ctx.orgId },
    select: { id: true, port25: true, port587: true, port465: true },
  });
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
  if (customPorts) await syncCustomPorts(tx, ctx.orgId, server.id, customPorts);
}

async function syncCustomPorts(tx: Tx, orgId: string, serverId: string, ports: readonly TCustomPort[]): Promise<void> {
  const existing = await tx.monitor.findMany({
    where: { orgId, serverId, port: { notIn: [...STANDARD_PORTS] } },
    select: { id: true, port: true, mode: true, enabled: true },
  });
  const byPort = new Map(existing.map((m) => [m.port, m]));
  for (const { port, mode } of ports) {
    const current = byPort.get(port);
    if (!current) {
      await tx.monitor.create({ data: { orgId, serverId, port, mode, stateReasons: [] } });
    } else if (current.mode !== mode) {
      // Another mode is another service: its fingerprints would read as drift, its state as a change.
      await tx.monitor.update({
        where: { id: current.id, orgId },
        data: {
          mode,
          enabled: true,
          state: "UNKNOWN",
          stateSince: null,
          stateReasons: [],
          consecutiveFailures: 0,
          baseline: Prisma.DbNull,
          lastOkFingerprint: Prisma.DbNull,
          nextProbeAt: new Date(),
        },
      });
    } else if (!current.enabled) {
      await tx.monitor.update({ where: { id: current.id, orgId }, data: { enabled: true, nextProbeAt: new Date() } });
    }
  }
  const kept = new Set(ports.map((p) => p.port));
  const dropped = existing.filter((m) => m.enabled && !kept.has(m.port)).map((m) => m.id);
  if (dropped.length > 0) await tx.monitor.updateMany({ where: { orgId, serverId, id: { in: dropped } }, data: { enabled: false } });
}

export async function getMonitor(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.monitor.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    include: { server: { select: { id: true, hostname: true } } },
  });
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
    await recordAudit(inTx(ctx, tx), {
      action: "monitor.update",
      targetType: "Monitor",
      targetId: row.id,
      metadata: { server: current.server?.hostname ?? current.mxHost, port: row.port, changed: Object.keys(data) },
    });
    return row;
  });
}
