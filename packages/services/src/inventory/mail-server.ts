import { z } from "zod";

import { type Prisma } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { encryptSecret } from "../crypto/secret-box.ts";
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from "../errors.ts";
import { STANDARD_PORTS, syncMonitorsForServer, ZCustomPorts } from "../probes/monitors.ts";
import { listServerStatus } from "../probes/status.ts";
import { ZHostname } from "./fields.ts";

export const SERVER_ROLES = ["ORIGINATING", "RELAY", "DELIVERY", "GATEWAY"] as const;

/**
 * The fields without defaults: an update leaves out what it does not change. (zod 4's `.partial()` keeps
 * `.default()`s, so deriving the update schema from the create one re-enabled every port and reset the
 * role on any partial update.)
 */
const ZServerFieldsBase = z.object({
  hostname: ZHostname,
  role: z.enum(SERVER_ROLES),
  port25: z.boolean(),
  port587: z.boolean(),
  port465: z.boolean(),
  authUsername: z.string().trim().max(200).nullish(),
  /** Write-only: set to change, null to clear, omitted to keep. Never read back. */
  authPassword: z.string().max(500).nullish(),
  isLab: z.boolean(),
  /** Ports beyond 25/587/465, each with how it is spoken to; on update, replaces the list (omitted = keep). */
  customPorts: ZCustomPorts,
  /** The EHLO/HELO name the probes give this server; null = the platform default. */
  ehloName: ZHostname.nullish(),
});

const ZServerFields = ZServerFieldsBase.extend({
  role: ZServerFieldsBase.shape.role.default("ORIGINATING"),
  port25: z.boolean().default(true),
  port587: z.boolean().default(true),
  port465: z.boolean().default(true),
  isLab: z.boolean().default(false),
  customPorts: ZCustomPorts.default([]),
});

const NO_PORT = "Enable at least one port";
const hasPort = (s: { port25: boolean; port587: boolean; port465: boolean; customPorts: readonly unknown[] }) =>
  s.port25 || s.port587 || s.port465 || s.customPorts.length > 0;

export const ZCreateMailServer = ZServerFields.refine(hasPort, { message: NO_PORT, path: ["port25"] });
export const ZUpdateMailServer = ZServerFieldsBase.partial().extend({ id: z.string().min(1).max(40) });

/** Everything but the encrypted password: the API only says whether one is stored. */
const publicSelect = {
  id: true,
  hostname: true,
  role: true,
  port25: true,
  port587: true,
  port465: true,
  authUsername: true,
  authPasswordEnc: true,
  isLab: true,
  ehloName: true,
  createdAt: true,
  updatedAt: true,
  // The custom ports: the server's enabled monitors on a port without a flag (see probes/monitors.ts).
  monitors: {
    where: { enabled: true, port: { notIn: [...STANDARD_PORTS] } },
    select: { port: true, mode: true },
    orderBy: { port: "asc" },
  },
} satisfies Prisma.MailServerSelect;

type Row = Prisma.MailServerGetPayload<{ select: typeof publicSelect }>;
function toPublic({ authPasswordEnc, monitors, ...row }: Row) {
  return { ...row, customPorts: monitors, hasAuthPassword: authPasswordEnc !== null };
}

/**
 * The organization's servers with, per enabled port, the monitor's state (and since when) and a 24 h
 * latency sparkline per server: two set-based reads for the whole list, never one per row.
 */
export async function listMailServers(ctx: OrgContext, input: { now?: Date } = {}) {
  const now = input.now ?? new Date();
  const rows = await ctx.db.mailServer.findMany({ where: { orgId: ctx.orgId }, select: publicSelect, orderBy: { hostname: "asc" } });
  const status = await listServerStatus(ctx, { serverIds: rows.map((r) => r.id), now });
  return rows.map((r) => ({ ...toPublic(r), ...(status.get(r.id) ?? { ports: [], latency: [] }) }));
}

export async function getMailServer(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.mailServer.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: publicSelect });
  if (!row) throw new NotFoundError("Mail server");
  return toPublic(row);
}

function duplicate(hostname: string) {
  return new ConflictError(`${hostname} is already in this organization's servers`);
}

export async function createMailServer(ctx: OrgContext, input: z.input<typeof ZCreateMailServer>) {
  const data = ZCreateMailServer.parse(input);
  if (data.authPassword && !data.authUsername) throw new ValidationError("A password needs a username");
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.mailServer.create({
        data: {
          orgId: ctx.orgId,
          hostname: data.hostname,
          role: data.role,
          port25: data.port25,
          port587: data.port587,
          port465: data.port465,
          authUsername: data.authUsername || null,
          authPasswordEnc: data.authPassword ? encryptSecret(data.authPassword, ctx.orgId) : null,
          isLab: data.isLab,
          ehloName: data.ehloName ?? null,
        },
        select: { id: true, hostname: true, role: true },
      });
      await syncMonitorsForServer(inTx(ctx, tx), { serverId: row.id, customPorts: data.customPorts });
      await recordAudit(inTx(ctx, tx), {
        action: "server.create",
        targetType: "MailServer",
        targetId: row.id,
        metadata: { hostname: row.hostname, role: row.role, customPorts: data.customPorts.map((p) => `${p.port}/${p.mode}`) },
      });
      return toPublic(await tx.mailServer.findUniqueOrThrow({ where: { id: row.id, orgId: ctx.orgId }, select: publicSelect }));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.hostname);
    throw err;
  }
}

export async function updateMailServer(ctx: OrgContext, input: z.input<typeof ZUpdateMailServer>) {
  const { id, authPassword, customPorts, ...data } = ZUpdateMailServer.parse(input);
  const current = await getMailServer(ctx, { id });
  const ports = {
    port25: data.port25 ?? current.port25,
    port587: data.port587 ?? current.port587,
    port465: data.port465 ?? current.port465,
    customPorts: customPorts ?? current.customPorts,
  };
  if (!hasPort(ports)) throw new ValidationError(NO_PORT);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.mailServer.update({
        where: { id: current.id, orgId: ctx.orgId },
        data: {
          ...data,
          authUsername: data.authUsername === undefined ? undefined : data.authUsername || null,
          ehloName: data.ehloName === undefined ? undefined : data.ehloName || null,
          ...(authPassword !== undefined ? { authPasswordEnc: authPassword ? encryptSecret(authPassword, ctx.orgId) : null } : {}),
        },
        select: { id: true, hostname: true },
      });
      await syncMonitorsForServer(inTx(ctx, tx), { serverId: row.id, customPorts });
      const changed = Object.keys(data).concat(
        authPassword !== undefined ? ["authPassword"] : [],
        customPorts !== undefined ? ["customPorts"] : [],
      );
      await recordAudit(inTx(ctx, tx), {
        action: "server.update",
        targetType: "MailServer",
        targetId: row.id,
        metadata: { hostname: row.hostname, changed },
      });
      return toPublic(await tx.mailServer.findUniqueOrThrow({ where: { id: row.id, orgId: ctx.orgId }, select: publicSelect }));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.hostname ?? current.hostname);
    throw err;
  }
}

export async function removeMailServer(ctx: OrgContext, input: { id: string }) {
  const current = await getMailServer(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.mailServer.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "server.remove",
      targetType: "MailServer",
      targetId: current.id,
      metadata: { hostname: current.hostname },
    });
  });
  return { removed: true };
}
