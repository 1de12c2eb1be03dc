import { z } from "zod";

import { type OrgContext, type SystemContext } from "../context.ts";

export const AUDIT_PAGE_SIZE = 50;

export const ZListAudit = z.object({
  action: z.string().max(80).optional(),
  actorType: z.enum(["USER", "API_KEY", "SYSTEM"]).optional(),
  targetType: z.string().max(80).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Keyset pagination: the id of the last row of the previous page. */
  cursor: z.string().max(40).optional(),
});

export async function listAudit(ctx: OrgContext, input: z.input<typeof ZListAudit>) {
  const f = ZListAudit.parse(input);
  const rows = await ctx.db.auditLog.findMany({
    where: {
      orgId: ctx.orgId,
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.actorType ? { actorType: f.actorType } : {}),
      ...(f.targetType ? { targetType: f.targetType } : {}),
      ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const items = rows.slice(0, AUDIT_PAGE_SIZE);
  return { items, nextCursor: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}

/** The distinct actions recorded for this organization, for the filter menu. */
export async function listAuditActions(ctx: OrgContext): Promise<string[]> {
  const rows = await ctx.db.auditLog.findMany({
    where: { orgId: ctx.orgId },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}

export const AUDIT_RETENTION_DAYS = 365;

/** Deletes audit rows past retention, across organizations (a system job). */
export async function pruneAuditLog(ctx: SystemContext, input: { olderThanDays?: number; now?: Date } = {}): Promise<number> {
  const { olderThanDays = AUDIT_RETENTION_DAYS, now = new Date() } = input;
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  const { count } = await ctx.db.auditLog.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
