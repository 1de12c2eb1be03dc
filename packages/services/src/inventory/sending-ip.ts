import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { type OrgContext } from "../context.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors.ts";
import { ZDomainName, ZIpAddress } from "./fields.ts";

const ZPool = z.string().trim().max(60).regex(/^[\w.-]*$/, "Pool names use letters, digits, dots, dashes and underscores");

export const ZCreateSendingIp = z.object({
  address: ZIpAddress,
  pool: ZPool.nullish(),
  expectedHelo: ZDomainName.nullish(),
});
export const ZUpdateSendingIp = z.object({ id: z.string().min(1).max(40), pool: ZPool.nullish(), expectedHelo: ZDomainName.nullish() });

const select = { id: true, address: true, pool: true, expectedHelo: true, createdAt: true, updatedAt: true } as const;

export async function listSendingIps(ctx: OrgContext) {
  return ctx.db.sendingIp.findMany({ where: { orgId: ctx.orgId }, select, orderBy: [{ pool: "asc" }, { address: "asc" }] });
}

export async function getSendingIp(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.sendingIp.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select });
  if (!row) throw new NotFoundError("IP address");
  return row;
}

export async function createSendingIp(ctx: OrgContext, input: z.input<typeof ZCreateSendingIp>) {
  const data = ZCreateSendingIp.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.sendingIp.create({ data: { orgId: ctx.orgId, address: data.address, pool: data.pool || null, expectedHelo: data.expectedHelo ?? null }, select });
      await recordAudit(tx, ctx, { action: "ip.create", targetType: "SendingIp", targetId: row.id, metadata: { address: row.address, pool: row.pool } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`${data.address} is already in this organization's IPs`);
    throw err;
  }
}

export async function updateSendingIp(ctx: OrgContext, input: z.input<typeof ZUpdateSendingIp>) {
  const { id, ...data } = ZUpdateSendingIp.parse(input);
  const current = await getSendingIp(ctx, { id });
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.sendingIp.update({
      where: { id: current.id, orgId: ctx.orgId },
      data: {
        ...(data.pool !== undefined ? { pool: data.pool || null } : {}),
        ...(data.expectedHelo !== undefined ? { expectedHelo: data.expectedHelo ?? null } : {}),
      },
      select,
    });
    await recordAudit(tx, ctx, { action: "ip.update", targetType: "SendingIp", targetId: row.id, metadata: { address: row.address, pool: row.pool, expectedHelo: row.expectedHelo } });
    return row;
  });
}

export async function removeSendingIp(ctx: OrgContext, input: { id: string }) {
  const current = await getSendingIp(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.sendingIp.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(tx, ctx, { action: "ip.remove", targetType: "SendingIp", targetId: current.id, metadata: { address: current.address } });
  });
  return { removed: true };
}
