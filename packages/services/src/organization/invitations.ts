import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext, type SystemContext } from "../context.ts";
import { randomToken, sha256Hex } from "../crypto/tokens.ts";
import { servicesEnv } from "../env.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { queueMail } from "../mail/sealed-mail.ts";
import { invitationMail } from "../mail/templates.ts";
import { ROLE_RANK } from "../permissions.ts";
import { assertAddressVerified } from "../user/auth.ts";
import { ZEmail } from "../user/schemas.ts";
import { ZAssignableRole } from "./members.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const ZCreateInvitation = z.object({ email: ZEmail, role: ZAssignableRole });

/** Creates an invitation and queues its email in the same transaction. Returns the link once, for copying. */
export async function createInvitation(ctx: OrgContext, input: z.input<typeof ZCreateInvitation>) {
  const data = ZCreateInvitation.parse(input);
  if (ROLE_RANK[data.role] > ROLE_RANK[ctx.role ?? "VIEWER"])
    throw new ForbiddenError("You cannot invite someone to a role above your own");
  const already = await ctx.db.membership.findFirst({ where: { orgId: ctx.orgId, user: { email: data.email } } });
  if (already) throw new ConflictError(`${data.email} is already a member`);
  const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { name: true } });
  const token = randomToken();
  const url = `${servicesEnv().APP_URL}/invite/${token}`;
  return ctx.db.$transaction(async (tx) => {
    // A new invitation to the same address replaces any pending one.
    await tx.invitation.updateMany({
      where: { orgId: ctx.orgId, email: data.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: {
        orgId: ctx.orgId,
        email: data.email,
        role: data.role,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        invitedById: ctx.actor.type === "USER" ? ctx.actor.userId : null,
      },
    });
    await recordAudit(inTx(ctx, tx), {
      action: "invitation.create",
      targetType: "Invitation",
      targetId: invitation.id,
      metadata: { email: data.email, role: data.role },
    });
    await queueMail(inTx(ctx, tx), { to: data.email, content: invitationMail(org.name, ctx.actor.label, data.role, url) });
    return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, url };
  });
}

export async function listInvitations(ctx: OrgContext) {
  return ctx.db.invitation.findMany({
    where: { orgId: ctx.orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeInvitation(ctx: OrgContext, input: { id: string }) {
  const inv = await ctx.db.invitation.findFirst({ where: { id: input.id, orgId: ctx.orgId, acceptedAt: null, revokedAt: null } });
  if (!inv) throw new NotFoundError("Invitation");
  await ctx.db.$transaction(async (tx) => {
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await recordAudit(inTx(ctx, tx), {
      action: "invitation.revoke",
      targetType: "Invitation",
      targetId: inv.id,
      metadata: { email: inv.email },
    });
  });
  return { revoked: true };
}

type InvitationState = "pending" | "expired" | "used" | "revoked";

/** What the invitation page shows before sign-in: never the token, only where it leads and whether it still works. */
export async function describeInvitation(ctx: SystemContext, input: { token: string }) {
  const inv = await ctx.db.invitation.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    include: { org: { select: { name: true } } },
  });
  if (!inv) throw new NotFoundError("Invitation");
  const state: InvitationState = inv.acceptedAt ? "used" : inv.revokedAt ? "revoked" : inv.expiresAt <= new Date() ? "expired" : "pending";
  return { orgName: inv.org.name, email: inv.email, role: inv.role, state, expiresAt: inv.expiresAt };
}

/** Accepts an invitation for the signed-in user: once, before expiry, and only by the invited address. */
export async function acceptInvitation(ctx: SystemContext, input: { user: { id: string; email: string }; token: string }) {
  const { user } = input;
  const inv = await ctx.db.invitation.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    include: { org: { select: { slug: true } } },
  });
  if (!inv) throw new NotFoundError("Invitation");
  if (inv.acceptedAt) throw new ValidationError("This invitation has already been used");
  if (inv.revokedAt) throw new ValidationError("This invitation was withdrawn. Ask for a new one.");
  if (inv.expiresAt <= new Date()) throw new ValidationError("This invitation has expired. Ask for a new one.");
  if (inv.email !== user.email.toLowerCase()) {
    throw new ForbiddenError(`This invitation is for ${inv.email}. Sign in with that address to accept it.`);
  }
  await assertAddressVerified(ctx, { userId: user.id });
  return ctx.db.$transaction(async (tx) => {
    // Conditional claim: two accepts racing cannot both succeed.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw new ValidationError("This invitation has already been used");
    await tx.membership.upsert({
      where: { orgId_userId: { orgId: inv.orgId, userId: user.id } },
      update: {},
      create: { orgId: inv.orgId, userId: user.id, role: inv.role },
    });
    await recordAudit(
      { db: tx, orgId: inv.orgId, actor: { type: "USER", userId: user.id, label: user.email } },
      {
        action: "invitation.accept",
        targetType: "Invitation",
        targetId: inv.id,
        metadata: { role: inv.role },
      },
    );
    return { orgSlug: inv.org.slug };
  });
}
