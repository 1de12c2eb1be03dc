import { z } from "zod";

import { type Prisma } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { type OrgContext } from "../context.ts";
import { encryptSecret } from "../crypto/secret-box.ts";
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from "../errors.ts";
import { syncMonitorsForServer } from "../probes/monitors.ts";
import { ZHostname } from "./fields.ts";

export const SERVER_ROLES = ["ORIGINATING", "RELAY", "DELIVERY", "GATEWAY"] as const;

const ZServerFields = z.object({
  hostname: ZHostname,
  role: z.enum(SERVER_ROLES).default("ORIGINATING"),
  port25: z.boolean().default(true),
  port587: z.boolean().default(true),
  port465: z.boolean().default(true),
  authUsername: z.string().trim().max(200).nullish(),
  /** Write-only: set to change, null to clear, omitted to keep. Never read back. */
  authPassword: z.string().max(500).nullish(),
  isLab: z.boolean().default(false),
});

export const ZCreateMailServer = ZServerFields.refine((s) => s.port25 || s.port587 || s.port465, { message: "Enable at least one port", path: ["port25"] });
export const ZUpdateMailServer = ZServerFields.partial().extend({ id: z.string().min(1).max(40) });

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
  createdAt: true,
  updatedAt: true,
} as const;

type Row = Prisma.MailServerGetPayload<{ select: typeof publicSelect }>;
function toPublic({ authPasswordEnc, ...row }: Row) {
  return { ...row, hasAuthPassword: authPasswordEnc !== null };
}

export async function listMailServers(ctx: OrgContext) {
  const rows = await ctx.db.mailServer.findMany({ where: { orgId: ctx.orgId }, select: publicSelect, orderBy: { hostname: "asc" } });
  return rows.map(toPublic);
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
        },
        select: publicSelect,
      });
      await syncMonitorsForServer(tx, ctx, row.id);
      await recordAudit(tx, ctx, { action: "server.create", targetType: "MailServer", targetId: row.id, metadata: { hostname: row.hostname, role: row.role } });
      return toPublic(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.hostname);
    throw err;
  }
}

export async function updateMailServer(ctx: OrgContext, input: z.input<typeof ZUpdateMailServer>) {
  const { id, authPassword, ...data } = ZUpdateMailServer.parse(input);
  const current = await getMailServer(ctx, { id });
  const ports = { port25: data.port25 ?? current.port25, port587: data.port587 ?? current.port587, port465: data.port465 ?? current.port465 };
  if (!ports.port25 && !ports.port587 && !ports.port465) throw new ValidationError("Enable at least one port");
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.mailServer.update({
        where: { id: current.id, orgId: ctx.orgId },
        data: {
          ...data,
          authUsername: data.authUsername === undefined ? undefined : data.authUsername || null,
          ...(authPassword !== undefined ? { authPasswordEnc: authPassword ? encryptSecret(authPassword, ctx.orgId) : null } : {}),
        },
        select: publicSelect,
      });
      await syncMonitorsForServer(tx, ctx, row.id);
      const changed = Object.keys(data).concat(authPassword !== undefined ? ["authPassword"] : []);
      await recordAudit(tx, ctx, { action: "server.update", targetType: "MailServer", targetId: row.id, metadata: { hostname: row.hostname, changed } });
      return toPublic(row);
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
    await recordAudit(tx, ctx, { action: "server.remove", targetType: "MailServer", targetId: current.id, metadata: { hostname: current.hostname } });
  });
  return { removed: true };
}
