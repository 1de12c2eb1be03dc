/** Maintenance windows: a scope muted for a planned period (nothing opens, nothing notifies). */
import { z } from "zod";

import { NotFoundError, inTx, type OrgContext, ValidationError } from "@inboxwatch/services";
import { recordAudit } from "@inboxwatch/services/audit";

import { type MaintenanceWindow, type TAlertScope, ZAlertScope, findActiveMaintenance } from "../engine/index.ts";
import { assertScopeInOrg } from "./scope.ts";

/** A window longer than a week is an outage of the monitoring, not maintenance. */
export const MAINTENANCE_MAX_DAYS = 7;
const DAY_MS = 86_400_000;

export const ZCreateMaintenanceWindow = z
  .object({ name: z.string().trim().min(1).max(200), scope: ZAlertScope, startsAt: z.coerce.date(), endsAt: z.coerce.date() })
  .refine((w) => w.endsAt > w.startsAt, { message: "The end must be after the start", path: ["endsAt"] })
  .refine((w) => w.endsAt.getTime() - w.startsAt.getTime() <= MAINTENANCE_MAX_DAYS * DAY_MS, {
    message: `At most ${MAINTENANCE_MAX_DAYS} days`,
    path: ["endsAt"],
  });

/** Windows per list: the newest hundred, active and planned ones first in the UI. */
export const MAINTENANCE_LIST_MAX = 100;

export async function listMaintenanceWindows(ctx: OrgContext) {
  return ctx.db.maintenanceWindow.findMany({ where: { orgId: ctx.orgId }, orderBy: { startsAt: "desc" }, take: MAINTENANCE_LIST_MAX });
}

/**
 * Ends a window now: an active one gets `endsAt = now` (kept, as a record of the maintenance); one that
 * has not started yet is cancelled (deleted); one already over is left as it is.
 */
export async function endMaintenanceWindow(ctx: OrgContext, input: { id: string }) {
  const now = new Date();
  const row = await ctx.db.maintenanceWindow.findFirst({ where: { id: input.id, orgId: ctx.orgId } });
  if (!row) throw new NotFoundError("Maintenance window");
  if (row.endsAt <= now) throw new ValidationError("This maintenance window is already over");
  const cancelled = row.startsAt > now;
  await ctx.db.$transaction(async (tx) => {
    if (cancelled) await tx.maintenanceWindow.delete({ where: { id: row.id, orgId: ctx.orgId } });
    else await tx.maintenanceWindow.update({ where: { id: row.id, orgId: ctx.orgId }, data: { endsAt: now } });
    await recordAudit(inTx(ctx, tx), {
      action: cancelled ? "alerts.maintenance.cancel" : "alerts.maintenance.end",
      targetType: "MaintenanceWindow",
      targetId: row.id,
      metadata: { name: row.name },
    });
  });
  return { id: row.id, cancelled };
}

export interface MutedBy {
  id: string;
  name: string;
  endsAt: Date;
}

/**
 * The organization's windows active at `now`, as a lookup "which window mutes this scope" — for the
 * "muted by maintenance" marks on rules and incidents (the evaluator applies the same `findActiveMaintenance`).
 */
export async function activeMaintenanceLookup(
  ctx: OrgContext,
  input: { now?: number } = {},
): Promise<(scope: { scopeType: string; scopeId: string | null }) => MutedBy | null> {
  const now = input.now ?? Date.now();
  const rows = await ctx.db.maintenanceWindow.findMany({
    where: { orgId: ctx.orgId, startsAt: { lte: new Date(now) }, endsAt: { gt: new Date(now) } },
  });
  if (rows.length === 0) return () => null;
  const windows: MaintenanceWindow[] = rows.map((w) => ({
    id: w.id,
    scope: toScope(w.scopeType, w.scopeId),
    startsAt: w.startsAt.getTime(),
    endsAt: w.endsAt.getTime(),
  }));
  const byId = new Map(rows.map((w) => [w.id, w]));
  return (s) => {
    const hit = findActiveMaintenance(toScope(s.scopeType, s.scopeId), windows, now);
    const row = hit ? byId.get(hit.id) : undefined;
    return row ? { id: row.id, name: row.name, endsAt: row.endsAt } : null;
  };
}

function toScope(type: string, id: string | null): TAlertScope {
  return type === "organization" ? { type: "organization" } : ({ type, id: id ?? "" } as TAlertScope);
}

export async function createMaintenanceWindow(ctx: OrgContext, input: z.input<typeof ZCreateMaintenanceWindow>) {
  const w = ZCreateMaintenanceWindow.parse(input);
  // A window names its scope by id like a rule does: only the organization's own objects.
  await assertScopeInOrg(ctx, w.scope);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.maintenanceWindow.create({
      data: {
        orgId: ctx.orgId,
        name: w.name,
        scopeType: w.scope.type,
        scopeId: w.scope.type === "organization" ? null : w.scope.id,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
      },
    });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.maintenance.create",
      targetType: "MaintenanceWindow",
      targetId: row.id,
      metadata: { name: row.name },
    });
    return row;
  });
}

export async function removeMaintenanceWindow(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.maintenanceWindow.findFirst({ where: { id: input.id, orgId: ctx.orgId } });
  if (!row) throw new NotFoundError("Maintenance window");
  await ctx.db.$transaction(async (tx) => {
    await tx.maintenanceWindow.delete({ where: { id: row.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.maintenance.remove",
      targetType: "MaintenanceWindow",
      targetId: row.id,
      metadata: { name: row.name },
    });
  });
  return { id: row.id };
}
