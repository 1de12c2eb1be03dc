import { z } from "zod";

import { isValidTimeZone } from "@inboxwatch/reporting/schedule";

import { recordAudit } from "../audit/record.ts";
import { inTx, type InTx, type OrgContext, type SystemContext } from "../context.ts";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors.ts";
import { type TRole } from "../permissions.ts";
import { rescheduleReports } from "../scheduled-reports/definitions.ts";
import { assertAddressVerified } from "../user/auth.ts";

export const ZOrgSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(40, "Use at most 40 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes");

/** Slugs that would shadow top-level routes. */
const RESERVED_SLUGS = new Set([
  "api",
  "login",
  "signup",
  "magic",
  "invite",
  "onboarding",
  "dev",
  "settings",
  "new",
  "share",
  "verify",
  "_next",
  "static",
  "metrics",
]);

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

/**
 * What a new organization starts with besides its owner, written in its creating transaction so the
 * organization never exists without it. The caller passes it (the api passes the alerting package's
 * preset rules): services sit below alerting and cannot import it.
 */
export interface OrganizationSetup {
  seed?: (ctx: InTx<OrgContext>) => Promise<unknown>;
}

/** A signed-in user (`input.owner`) founds an organization and becomes its owner. */
export async function createOrganization(
  ctx: SystemContext,
  input: z.input<typeof ZCreateOrganization> & { owner: { id: string; email: string } },
  setup: OrganizationSetup = {},
) {
  const data = ZCreateOrganization.parse(input);
  const user = input.owner;
  await assertAddressVerified(ctx, { userId: user.id });
  try {
    return await ctx.db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name: data.name, slug: data.slug } });
      await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
      // E.g. the built-in alert rules (port down, blocklisted, bounce rate…).
      await setup.seed?.({ db: tx, orgId: org.id, actor: { type: "USER", userId: user.id, label: user.email } });
      await recordAudit(
        { db: tx, orgId: org.id, actor: { type: "USER", userId: user.id, label: user.email } },
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

export async function listMyOrganizations(ctx: SystemContext, input: { userId: string }) {
  const memberships = await ctx.db.membership.findMany({
    where: { userId: input.userId },
    include: { org: { select: { id: true, name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ ...m.org, role: m.role }));
}

/** The caller's membership in an organization named by slug, or NotFound (never revealing that it exists). */
export async function getMembershipBySlug(
  ctx: SystemContext,
  input: { userId: string; slug: string },
): Promise<{ orgId: string; role: TRole; orgName: string; slug: string }> {
  const membership = await ctx.db.membership.findFirst({
    where: { userId: input.userId, org: { slug: input.slug } },
    include: { org: { select: { name: true, slug: true } } },
  });
  if (!membership) throw new NotFoundError("Organization");
  return { orgId: membership.orgId, role: membership.role, orgName: membership.org.name, slug: membership.org.slug };
}

export async function getOrganization(ctx: OrgContext) {
  const org = await ctx.db.organization.findUnique({
    where: { id: ctx.orgId },
    select: { id: true, name: true, slug: true, plan: true, timeZone: true, logoDataUrl: true, createdAt: true },
  });
  if (!org) throw new NotFoundError("Organization");
  return org;
}

/** A logo printed on reports: small, an image, and inline (a data: URL), so rendering a PDF fetches nothing. */
export const LOGO_MAX_BYTES = 100_000;
const ZLogoDataUrl = z
  .string()
  .max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 40, "The logo may be at most 100 KB")
  .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, "The logo must be a PNG, JPEG or SVG image");

export const ZUpdateOrganization = z.object({
  name: z.string().trim().min(2).max(80).optional(),
  /** IANA zone ("Europe/Paris"): report periods start at its local midnight and schedules follow its clock. */
  timeZone: z
    .string()
    .max(64)
    .refine((zone) => isValidTimeZone(zone), "Not a time zone: use an IANA name such as Europe/Paris")
    .optional(),
  logoDataUrl: ZLogoDataUrl.nullable().optional(),
});

export async function updateOrganization(ctx: OrgContext, input: z.input<typeof ZUpdateOrganization>) {
  const data = ZUpdateOrganization.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const org = await tx.organization.update({
      where: { id: ctx.orgId },
      data,
      select: { id: true, name: true, slug: true, timeZone: true },
    });
    // Schedules follow the organization's clock: a new zone moves every report's next send.
    if (data.timeZone !== undefined) await rescheduleReports(inTx(ctx, tx), { timeZone: org.timeZone });
    await recordAudit(inTx(ctx, tx), {
      action: "organization.update",
      targetType: "Organization",
      targetId: ctx.orgId,
      metadata: {
        ...(data.name ? { name: data.name } : {}),
        ...(data.timeZone ? { timeZone: data.timeZone } : {}),
        ...(data.logoDataUrl !== undefined ? { logo: data.logoDataUrl ? "set" : "removed" } : {}),
      },
    });
    return org;
  });
}
