import { z } from "zod";

import { type Tx } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { listIpStatus } from "../dns-check/list-status.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors.ts";
import { ZDomainName, ZIpAddress } from "./fields.ts";

const ZPool = z
  .string()
  .trim()
  .max(60)
  .regex(/^[\w.-]*$/, "Pool names use letters, digits, dots, dashes and underscores");

/** More domains than any one IP plausibly sends for; bounds the link rows written per request. */
export const SENDING_IP_MAX_DOMAINS = 100;

/** The sending domains an IP sends for (their SPF is graded against it); omitted on update = unchanged. */
const ZDomainIds = z.array(z.string().min(1).max(40)).max(SENDING_IP_MAX_DOMAINS);

export const ZCreateSendingIp = z.object({
  address: ZIpAddress,
  pool: ZPool.nullish(),
  expectedHelo: ZDomainName.nullish(),
  domainIds: ZDomainIds.optional(),
});
export const ZUpdateSendingIp = z.object({
  id: z.string().min(1).max(40),
  pool: ZPool.nullish(),
  expectedHelo: ZDomainName.nullish(),
  domainIds: ZDomainIds.optional(),
});

const select = {
  id: true,
  address: true,
  pool: true,
  expectedHelo: true,
  createdAt: true,
  updatedAt: true,
  domains: { select: { domain: { select: { id: true, domain: true } } }, orderBy: { domain: { domain: "asc" } } },
} as const;

type Row = { domains: { domain: { id: string; domain: string } }[] } & Record<string, unknown>;

/** The link rows flattened: `domains: [{ id, domain }]`, by name. */
function present<T extends Row>({ domains, ...row }: T): Omit<T, "domains"> & { domains: { id: string; domain: string }[] } {
  return { ...row, domains: domains.map((d) => d.domain) };
}

/** The organization's IPs with their latest check (listings, grade, reverse DNS) and 14-day listings series. */
export async function listSendingIps(ctx: OrgContext, input: { now?: Date } = {}) {
  const now = input.now ?? new Date();
  const rows = await ctx.db.sendingIp.findMany({
    where: { orgId: ctx.orgId },
    select: { ...select, lastCheckedAt: true },
    orderBy: [{ pool: "asc" }, { address: "asc" }],
  });
  const status = await listIpStatus(ctx, { ipIds: rows.map((r) => r.id), now });
  return rows.map((r) => ({ ...present(r), ...(status.get(r.id) ?? { latest: null, listingHistory: [] }) }));
}

export async function getSendingIp(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.sendingIp.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select });
  if (!row) throw new NotFoundError("IP address");
  return present(row);
}

/**
 * Replaces the domains an IP sends for. Every id must be a domain of this organization: a foreign or
 * unknown id is NOT_FOUND, like any other foreign id (it must not reveal whether it exists elsewhere).
 */
async function setIpDomains(tx: Tx, orgId: string, ipId: string, domainIds: string[]): Promise<void> {
  const unique = [...new Set(domainIds)];
  const owned = await tx.sendingDomain.count({ where: { orgId, id: { in: unique } } });
  if (owned !== unique.length) throw new NotFoundError("Domain");
  await tx.sendingIpDomain.deleteMany({ where: { orgId, ipId } });
  if (unique.length > 0) await tx.sendingIpDomain.createMany({ data: unique.map((domainId) => ({ orgId, ipId, domainId })) });
}

export async function createSendingIp(ctx: OrgContext, input: z.input<typeof ZCreateSendingIp>) {
  const data = ZCreateSendingIp.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const created = await tx.sendingIp.create({
        data: { orgId: ctx.orgId, address: data.address, pool: data.pool || null, expectedHelo: data.expectedHelo ?? null },
        select: { id: true },
      });
      if (data.domainIds) await setIpDomains(tx, ctx.orgId, created.id, data.domainIds);
      const row = present(await tx.sendingIp.findUniqueOrThrow({ where: { id: created.id, orgId: ctx.orgId }, select }));
      await recordAudit(inTx(ctx, tx), {
        action: "ip.create",
        targetType: "SendingIp",
        targetId: row.id,
        metadata: { address: row.address, pool: row.pool, domains: row.domains.map((d) => d.domain) },
      });
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
    if (data.domainIds) await setIpDomains(tx, ctx.orgId, current.id, data.domainIds);
    const row = present(
      await tx.sendingIp.update({
        where: { id: current.id, orgId: ctx.orgId },
        data: {
          ...(data.pool !== undefined ? { pool: data.pool || null } : {}),
          ...(data.expectedHelo !== undefined ? { expectedHelo: data.expectedHelo ?? null } : {}),
        },
        select,
      }),
    );
    await recordAudit(inTx(ctx, tx), {
      action: "ip.update",
      targetType: "SendingIp",
      targetId: row.id,
      metadata: { address: row.address, pool: row.pool, expectedHelo: row.expectedHelo, domains: row.domains.map((d) => d.domain) },
    });
    return row;
  });
}

export async function removeSendingIp(ctx: OrgContext, input: { id: string }) {
  const current = await getSendingIp(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.sendingIp.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "ip.remove",
      targetType: "SendingIp",
      targetId: current.id,
      metadata: { address: current.address },
    });
  });
  return { removed: true };
}
