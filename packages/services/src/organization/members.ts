import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { ROLE_RANK, ROLES, type TRole } from "../permissions.ts";

export const ZAssignableRole = z.enum(ROLES).exclude(["OWNER"]);

export async function listMembers(ctx: OrgContext) {
  const rows = await ctx.db.membership.findMany({
    where: { orgId: ctx.orgId },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ id: m.id, role: m.role, createdAt: m.createdAt, user: m.user }));
}

async function getMembershipInOrg(ctx: OrgContext, membershipId: string) {
  const m = await ctx.db.membership.findFirst({
    where: { id: membershipId, orgId: ctx.orgId },
    include: { user: { select: { id: true, email: true } } },
  });
  if (!m) throw new NotFoundError("Member");
  return m;
}

/** A member may only hand out roles at or below their own, and cannot touch someone above them. */
function assertCanManage(actorRole: TRole | undefined, target: TRole, newRole?: TRole): void {
  const rank = ROLE_RANK[actorRole ?? "VIEWER"];
  if (target === "OWNER") throw new ForbiddenError("The owner's membership can only change by transferring ownership");
  if (ROLE_RANK[target] > rank || (newRole && ROLE_RANK[newRole] > rank))
    throw new ForbiddenError("You cannot manage a role above your own");
}

export async function changeMemberRole(ctx: OrgContext, input: { membershipId: string; role: z.infer<typeof ZAssignableRole> }) {
  const role = ZAssignableRole.parse(input.role);
  const m = await getMembershipInOrg(ctx, input.membershipId);
  if (ctx.actor.type === "USER" && m.userId === ctx.actor.userId) throw new ForbiddenError("You cannot change your own role");
  assertCanManage(ctx.role, m.role, role);
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.membership.update({ where: { id: m.id }, data: { role } });
    await recordAudit(inTx(ctx, tx), {
      action: "member.role_change",
      targetType: "Membership",
      targetId: m.id,
      metadata: { email: m.user.email, from: m.role, to: role },
    });
    return { id: updated.id, role: updated.role };
  });
}

/**
 * Removes a member. Their access ends at once: every procedure re-checks membership, and their
 * sessions are revoked (session version bumped) so open tabs sign out too.
 */
export async function removeMember(ctx: OrgContext, input: { membershipId: string }) {
  const m = await getMembershipInOrg(ctx, input.membershipId);
  if (ctx.actor.type === "USER" && m.userId === ctx.actor.userId) throw new ValidationError("Use “Leave organization” to remove yourself");
  assertCanManage(ctx.role, m.role);
  await ctx.db.$transaction(async (tx) => {
    await tx.membership.delete({ where: { id: m.id } });
    await tx.user.update({ where: { id: m.userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(inTx(ctx, tx), {
      action: "member.remove",
      targetType: "Membership",
      targetId: m.id,
      metadata: { email: m.user.email, role: m.role },
    });
  });
  return { removed: true };
}

export async function leaveOrganization(ctx: OrgContext) {
  if (ctx.actor.type !== "USER") throw new ForbiddenError();
  const userId = ctx.actor.userId;
  const m = await ctx.db.membership.findFirst({ where: { orgId: ctx.orgId, userId } });
  if (!m) throw new NotFoundError("Member");
  if (m.role === "OWNER") throw new ValidationError("Transfer ownership to another member before leaving");
  await ctx.db.$transaction(async (tx) => {
    await tx.membership.delete({ where: { id: m.id } });
    await recordAudit(inTx(ctx, tx), { action: "member.leave", targetType: "Membership", targetId: m.id });
  });
  return { left: true };
}

/** The owner hands ownership to another member and becomes an ADMIN. */
export async function transferOwnership(ctx: OrgContext, input: { membershipId: string }) {
  if (ctx.role !== "OWNER" || ctx.actor.type !== "USER") throw new ForbiddenError("Only the owner can transfer ownership");
  const actorUserId = ctx.actor.userId;
  const target = await getMembershipInOrg(ctx, input.membershipId);
  if (target.userId === actorUserId) throw new ValidationError("You already own this organization");
  await ctx.db.$transaction(async (tx) => {
    await tx.membership.update({ where: { id: target.id }, data: { role: "OWNER" } });
    await tx.membership.updateMany({ where: { orgId: ctx.orgId, userId: actorUserId }, data: { role: "ADMIN" } });
    await recordAudit(inTx(ctx, tx), {
      action: "organization.transfer_ownership",
      targetType: "Membership",
      targetId: target.id,
      metadata: { to: target.user.email },
    });
  });
  return { transferred: true };
}
