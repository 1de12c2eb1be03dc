import { type Prisma, type Tx } from "@inboxwatch/db";

import { actorId, type OrgContext } from "../context.ts";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Prisma.InputJsonValue;
}

/** Writes one audit row. Call it with the transaction of the write it describes, so both commit or neither. */
export async function recordAudit(tx: Tx, ctx: Pick<OrgContext, "orgId" | "actor">, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
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
