import { z } from "zod";

import { type Db } from "@inboxwatch/db";

import { seedPresetRules } from "../alerting/rules.ts";
import { recordAudit } from "../audit/record.ts";
import { type OrgContext } from "../context.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors.ts";
import { type TRole } from "../permissions.ts";
import { assertAddressVerified } from "../user/auth.ts";

export const ZOrgSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(40, "Use at most 40 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes");

/** Slugs that would shadow top-level routes. */
const RESERVED_SLUGS = new Set(["api", "login", "signup", "magic", "invite", "onboarding", "dev", "settings", "new", "_next", "static"]);

export const ZCreateOrganization = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters").max(80),
  slug: ZOrgSlug.refine((s) => !RESERVED_SLUGS.has(s), "This address is reserved"),
});

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "org"
  );
}

export async function createOrganization(db: Db, user: { id: string; email: string }, input: z.input<typeof ZCreateOrganization>) {
  const data = ZCreateOrganization.parse(input);
  await assertAddressVerified(db, user.id);
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name: data.name, slug: data.slug } });
      await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
      // A new organization starts with the built-in alert rules (port down, blocklisted, bounce rate…).
      await seedPresetRules(tx, org.id);
      await recordAudit(
        tx,
        { orgId: org.id, actor: { type: "USER", userId: user.id, label: user.email } },
        {
          action: "organization.create",
          targetType: "Organization",
          targetId: org.id,
          metadata: { name: org.name, slug: org.slug },
        },
      );
      return org;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`The address "${data.slug}" is taken. Choose another.`);
    throw err;
  }
}

export async function listMyOrganizations(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { org: { select: { id: true, name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ ...m.org, role: m.role }));
}

/** The caller's membership in an organization named by slug, or NotFound (never revealing that it exists). */
export async function getMembershipBySlug(
  db: Db,
  userId: string,
  slug: string,
): Promise<{ orgId: string; role: TRole; orgName: string; slug: string }> {
  const membership = await db.membership.findFirst({
    where: { userId, org: { slug } },
    include: { org: { select: { name: true, slug: true } } },
  });
  if (!membership) throw new NotFoundError("Organization");
  return { orgId: membership.orgId, role: membership.role, orgName: membership.org.name, slug: membership.org.slug };
}

export async function getOrganization(ctx: OrgContext) {
  const org = await ctx.db.organization.findUnique({
    where: { id: ctx.orgId },
    select: { id: true, name: true, slug: true, plan: true, createdAt: true },
  });
  if (!org) throw new NotFoundError("Organization");
  return org;
}

export const ZUpdateOrganization = z.object({ name: z.string().trim().min(2).max(80) });

export async function updateOrganization(ctx: OrgContext, input: z.input<typeof ZUpdateOrganization>) {
  const data = ZUpdateOrganization.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const org = await tx.organization.update({
      where: { id: ctx.orgId },
      data: { name: data.name },
      select: { id: true, name: true, slug: true },
    });
    await recordAudit(tx, ctx, {
      action: "organization.update",
      targetType: "Organization",
      targetId: ctx.orgId,
      metadata: { name: data.name },
    });
    return org;
  });
}
