/** Maintenance windows: a scope muted for a planned period (nothing opens, nothing notifies). */
import { z } from "zod";

import { ZAlertScope } from "../alerts/index.ts";
import { recordAudit } from "../audit/record.ts";
import { type OrgContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";

/** A window longer than a week is an outage of the monitoring, not maintenance. */
export const MAINTENANCE_MAX_DAYS = 7;
const DAY_MS = 86_400_000;

export const ZCreateMaintenanceWindow = z
  .object({ name: z.string().trim().min(1).max(200), scope: ZAlertScope, startsAt: z.coerce.date(), endsAt: z.coerce.date() })
  .refine((w) => w.endsAt > w.startsAt, { message: "The end must be after the start", path: ["endsAt"] })
  .refine((w) => w.endsAt.getTime() - w.startsAt.getTime() <= MAINTENANCE_MAX_DAYS * DAY_MS, { message: `At most ${MAINTENANCE_MAX_DAYS} days`, path: ["endsAt"] });

export async function listMaintenanceWindows(ctx: OrgContext) {
  return ctx.db.maintenanceWindow.findMany({ where: { orgId: ctx.orgId }, orderBy: { startsAt: "desc" }, take: 100 });
}

export async function createMaintenanceWindow(ctx: OrgContext, input: z.input<typeof ZCreateMaintenanceWindow>) {
  const w = ZCreateMaintenanceWindow.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.maintenanceWindow.create({
      data: { orgId: ctx.orgId, name: w.name, scopeType: w.scope.type, scopeId: w.scope.type === "organization" ? null : w.scope.id, startsAt: w.startsAt, endsAt: w.endsAt },
    });
    await recordAudit(tx, ctx, { action: "alerts.maintenance.create", targetType: "MaintenanceWindow", targetId: row.id, metadata: { name: row.name } });
    return row;
  });
}

export async function removeMaintenanceWindow(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.maintenanceWindow.findFirst({ where: { id: input.id, orgId: ctx.orgId } });
  if (!row) throw new NotFoundError("Maintenance window");
  await ctx.db.$transaction(async (tx) => {
    await tx.maintenanceWindow.delete({ where: { id: row.id, orgId: ctx.orgId } });
    await recordAudit(tx, ctx, { action: "alerts.maintenance.remove", targetType: "MaintenanceWindow", targetId: row.id, metadata: { name: row.name } });
  });
  return { id: row.id };
}
