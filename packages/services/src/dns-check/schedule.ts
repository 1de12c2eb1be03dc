/**
 * When checks run: `dns.schedule` (every minute) enqueues a check for every domain and IP that was never
 * checked or whose next check time has passed; "Check now" enqueues one on demand.
 */
import { sendJob } from "@inboxwatch/jobs";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext, type SystemContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";

/** Rows enqueued per tick and kind; the rest wait for the next minute. At ~12 ms per enqueue a tick stays ~5 s. */
export const DNS_SCHEDULE_BATCH = 200;
/** Interactive-transaction deadline of one tick (Prisma's default of 5 s is too short for 2 × DNS_SCHEDULE_BATCH sends). */
const DNS_SCHEDULE_TX_TIMEOUT_MS = 30_000;
/** A claimed row is not re-enqueued for this long; the run itself then sets the real next time. */
export const DNS_SCHEDULE_CLAIM_MS = 15 * 60 * 1000;

/**
 * System verb (no organization): claims due rows across all organizations and enqueues their jobs in
 * the same transaction, so a row is claimed iff its job exists.
 */
export async function scheduleDueChecks(ctx: SystemContext, input: { now?: Date } = {}): Promise<{ domains: number; ips: number }> {
  const now = input.now ?? new Date();
  const due = { OR: [{ nextCheckAt: null }, { nextCheckAt: { lte: now } }] };
  // Never-checked rows (null) first: a domain just added is checked within the minute.
  const order = { nextCheckAt: { sort: "asc" as const, nulls: "first" as const } };
  const claimUntil = new Date(now.getTime() + DNS_SCHEDULE_CLAIM_MS);
  return ctx.db.$transaction(
    async (tx) => {
      const domains = await tx.sendingDomain.findMany({
        where: due,
        select: { id: true, orgId: true },
        orderBy: order,
        take: DNS_SCHEDULE_BATCH,
      });
      const ips = await tx.sendingIp.findMany({ where: due, select: { id: true, orgId: true }, orderBy: order, take: DNS_SCHEDULE_BATCH });
      for (const d of domains) await sendJob("dns.check-domain", { orgId: d.orgId, id: d.id }, { tx });
      for (const i of ips) await sendJob("dns.check-ip", { orgId: i.orgId, id: i.id }, { tx });
      if (domains.length > 0)
        await tx.sendingDomain.updateMany({ where: { id: { in: domains.map((d) => d.id) } }, data: { nextCheckAt: claimUntil } });
      if (ips.length > 0) await tx.sendingIp.updateMany({ where: { id: { in: ips.map((i) => i.id) } }, data: { nextCheckAt: claimUntil } });
      return { domains: domains.length, ips: ips.length };
    },
    { timeout: DNS_SCHEDULE_TX_TIMEOUT_MS },
  );
}

/** "Check now" for a domain: enqueues its check; the UI polls until a result newer than `requestedAt` lands. */
export async function requestDomainCheck(ctx: OrgContext, input: { id: string }) {
  const domain = await ctx.db.sendingDomain.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: { id: true, domain: true } });
  if (!domain) throw new NotFoundError("Domain");
  const requestedAt = new Date();
  await ctx.db.$transaction(async (tx) => {
    await sendJob("dns.check-domain", { orgId: ctx.orgId, id: domain.id }, { tx });
    await recordAudit(inTx(ctx, tx), {
      action: "domain.check",
      targetType: "SendingDomain",
      targetId: domain.id,
      metadata: { domain: domain.domain },
    });
  });
  return { requestedAt };
}

export async function requestIpCheck(ctx: OrgContext, input: { id: string }) {
  const ip = await ctx.db.sendingIp.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: { id: true, address: true } });
  if (!ip) throw new NotFoundError("IP address");
  const requestedAt = new Date();
  await ctx.db.$transaction(async (tx) => {
    await sendJob("dns.check-ip", { orgId: ctx.orgId, id: ip.id }, { tx });
    await recordAudit(inTx(ctx, tx), { action: "ip.check", targetType: "SendingIp", targetId: ip.id, metadata: { address: ip.address } });
  });
  return { requestedAt };
}
