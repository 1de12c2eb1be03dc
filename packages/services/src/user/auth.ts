import { type SystemContext } from "../context.ts";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../crypto/password.ts";
import { ForbiddenError, isUniqueViolation, UnauthorizedError, UnverifiedEmailError, ValidationError } from "../errors.ts";
import { sendSignInLink, sendVerificationLink } from "./magic-link.ts";
import { assertSignInAllowed, recordSignInAttempt } from "./sign-in-limit.ts";
import { ZEmail, ZPassword, ZSignUp, type TSignUp } from "./schemas.ts";

/** What a session carries about its user; `sessionVersion` lets us revoke every JWT of a user at once. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

export const sessionUserSelect = { id: true, email: true, name: true, sessionVersion: true } as const;

/**
 * Password sign-up. The answer never says whether the address already has an account (issue 20,
 * finding 9): a new address gets an unverified account and a confirmation link, an existing one gets a
 * mail to its owner with a sign-in link. Both paths hash the password, so timing tells nothing either.
 * An unverified account cannot sign in with its password and so owns nothing (finding 1).
 */
export async function signUp(ctx: SystemContext, input: TSignUp & { ip?: string | null; next?: string }): Promise<{ email: string }> {
  const { db } = ctx;
  const data = ZSignUp.parse(input);
  const ip = input.ip ?? null;
  const passwordHash = await hashPassword(data.password);
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (!existing) {
    try {
      await db.user.create({ data: { email: data.email, name: data.name ?? null, passwordHash } });
      await sendVerificationLink(ctx, { email: data.email, ip, next: input.next });
      return { email: data.email };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // a concurrent sign-up won the race: treat as existing
    }
  }
  await sendSignInLink(ctx, { email: data.email, ip, reason: "existing-account" });
  return { email: data.email };
}

/**
 * An account whose address the platform already trusts: the demo seed, operators' tooling and tests.
 * Never reachable from a sign-up form.
 */
export async function createVerifiedUser(
  ctx: SystemContext,
  input: { email: string; password?: string; name?: string | null },
): Promise<SessionUser> {
  const email = ZEmail.parse(input.email);
  const passwordHash = input.password ? await hashPassword(ZPassword.parse(input.password)) : null;
  return ctx.db.user.create({
    data: { email, name: input.name ?? null, passwordHash, emailVerified: new Date() },
    select: sessionUserSelect,
  });
}

/**
 * Checks email + password under the sign-in rate limit. Unknown emails cost the same argon2 verification
 * as known ones, so response time does not reveal which accounts exist. A right password on an account
 * whose address is not confirmed yet opens no session: a fresh confirmation link is sent instead.
 */
export async function verifyCredentials(
  ctx: SystemContext,
  input: { email: string; password: string; ip: string | null },
): Promise<SessionUser> {
  const { db } = ctx;
  const email = ZEmail.safeParse(input.email);
  if (!email.success || typeof input.password !== "string" || input.password.length > 256) {
    throw new UnauthorizedError("Wrong email or password");
  }
  await assertSignInAllowed(ctx, { email: email.data, ip: input.ip });
  const user = await db.user.findUnique({
    where: { email: email.data },
    select: { ...sessionUserSelect, passwordHash: true, emailVerified: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  await recordSignInAttempt(ctx, { email: email.data, ip: input.ip, success: ok && !!user?.passwordHash });
  if (!ok || !user?.passwordHash) throw new UnauthorizedError("Wrong email or password");
  if (!user.emailVerified) {
    await sendVerificationLink(ctx, { email: user.email, ip: input.ip });
    throw new UnverifiedEmailError();
  }
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

/**
 * Sets a new password (or a first one, for accounts that sign in by link or OAuth). Revokes every
 * session of the user, this one included: the caller signs in again with the new password.
 */
export async function changePassword(
  ctx: SystemContext,
  input: { userId: string; currentPassword: string; newPassword: string },
): Promise<SessionUser> {
  const { db } = ctx;
  const { userId } = input;
  const newPassword = ZPassword.parse(input.newPassword);
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new UnauthorizedError();
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError("The current password is wrong");
  }
  return db.$transaction(async (tx) => {
    await tx.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return tx.user.update({
      where: { id: userId },
      data: { passwordHash: await hashPassword(newPassword), sessionVersion: { increment: 1 } },
      select: sessionUserSelect,
    });
  });
}

/**
 * The user an address has proven control of (a link opened, or a provider-verified OAuth address). An
 * account that was never verified may have been created by someone else with this address and a password
 * of theirs (pre-hijacking): that password is removed and every session revoked before the owner gets in.
 */
export async function claimAccountByProvenAddress(
  ctx: SystemContext,
  input: { email: string; name?: string | null },
): Promise<SessionUser> {
  const { email } = input;
  const name = input.name ?? null;
  const now = new Date();
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
    if (!existing) return tx.user.create({ data: { email, name, emailVerified: now }, select: sessionUserSelect });
    if (existing.emailVerified) return tx.user.findUniqueOrThrow({ where: { id: existing.id }, select: sessionUserSelect });
    await tx.userSession.updateMany({ where: { userId: existing.id, revokedAt: null }, data: { revokedAt: now } });
    return tx.user.update({
      where: { id: existing.id },
      data: { emailVerified: now, passwordHash: null, sessionVersion: { increment: 1 } },
      select: sessionUserSelect,
    });
  });
}

/**
 * OAuth sign-in links to an account only through an address the provider says it verified; an
 * unverified provider address could belong to anyone.
 */
export async function findOrCreateOAuthUser(
  ctx: SystemContext,
  input: { email: string; name?: string | null; emailVerified: boolean },
): Promise<SessionUser> {
  const email = ZEmail.parse(input.email);
  if (!input.emailVerified)
    throw new UnauthorizedError("Your address is not verified with that provider. Verify it there, or sign in with an emailed link.");
  return claimAccountByProvenAddress(ctx, { email, name: input.name ?? null });
}

/**
 * An unverified account owns nothing: it may not create an organization or join one. Sessions already
 * require a verified address; this guards the verbs themselves, whatever calls them.
 */
export async function assertAddressVerified(ctx: SystemContext, input: { userId: string }): Promise<void> {
  const user = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { emailVerified: true } });
  if (!user?.emailVerified) throw new ForbiddenError("Confirm your address first: open the link we mailed you.");
}
