import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { listDomainStatus } from "../dns-check/list-status.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors.ts";
import { ZDkimSelector, ZDomainName } from "./fields.ts";

/** More selectors than this is a typo loop, not a mail setup. */
const MAX_DKIM_SELECTORS = 20;

export const ZCreateSendingDomain = z.object({
  domain: ZDomainName,
  dkimSelectors: z.array(ZDkimSelector).max(MAX_DKIM_SELECTORS).default([]),
});
export const ZUpdateSendingDomain = z.object({
  id: z.string().min(1).max(40),
  dkimSelectors: z.array(ZDkimSelector).max(MAX_DKIM_SELECTORS),
});

const select = { id: true, domain: true, dkimSelectors: true, createdAt: true, updatedAt: true } as const;

/** The organization's domains with their latest check (grade, SPF/DKIM/DMARC, blocklists) and 14-day grade series. */
export async function listSendingDomains(ctx: OrgContext, input: { now?: Date } = {}) {
  const now = input.now ?? new Date();
  const rows = await ctx.db.sendingDomain.findMany({
    where: { orgId: ctx.orgId },
    select: { ...select, lastCheckedAt: true },
    orderBy: { domain: "asc" },
  });
  const status = await listDomainStatus(ctx, { domainIds: rows.map((r) => r.id), now });
  return rows.map((r) => ({ ...r, ...(status.get(r.id) ?? { latest: null, gradeHistory: [] }) }));
}

export async function getSendingDomain(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.sendingDomain.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select });
  if (!row) throw new NotFoundError("Domain");
  return row;
}

export async function createSendingDomain(ctx: OrgContext, input: z.input<typeof ZCreateSendingDomain>) {
  const data = ZCreateSendingDomain.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.sendingDomain.create({
        data: { orgId: ctx.orgId, domain: data.domain, dkimSelectors: [...new Set(data.dkimSelectors)] },
        select,
      });
      await recordAudit(inTx(ctx, tx), {
        action: "domain.create",
        targetType: "SendingDomain",
        targetId: row.id,
        metadata: { domain: row.domain },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`${data.domain} is already in this organization's domains`);
    throw err;
  }
}

export async function updateSendingDomain(ctx: OrgContext, input: z.input<typeof ZUpdateSendingDomain>) {
  const data = ZUpdateSendingDomain.parse(input);
  const current = await getSendingDomain(ctx, data);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.sendingDomain.update({
      where: { id: current.id, orgId: ctx.orgId },
      data: { dkimSelectors: [...new Set(data.dkimSelectors)] },
      select,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "domain.update",
      targetType: "SendingDomain",
      targetId: row.id,
      metadata: { domain: row.domain, dkimSelectors: row.dkimSelectors },
    });
    return row;
  });
}

export async function removeSendingDomain(ctx: OrgContext, input: { id: string }) {
  const current = await getSendingDomain(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.sendingDomain.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "domain.remove",
      targetType: "SendingDomain",
      targetId: current.id,
      metadata: { domain: current.domain },
    });
  });
  return { removed: true };
}
