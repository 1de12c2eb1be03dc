import { type Prisma } from "@inboxwatch/db";

import { actorId, type InTx, type OrgContext } from "../context.ts";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Prisma.InputJsonValue;
}

/**
 * Writes one audit row. Call it with the transaction of the write it describes (`inTx(ctx, tx)`), so both
 * commit or neither.
 */
export async function recordAudit(ctx: InTx<Pick<OrgContext, "db" | "orgId" | "actor">>, entry: AuditEntry): Promise<void> {
  await ctx.db.auditLog.create({
    data: {
      orgId: ctx.orgId,
      actorType: ctx.actor.type,
      actorId: actorId(ctx.actor),
      actorLabel: ctx.actor.label,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata,
    },
  });
}
