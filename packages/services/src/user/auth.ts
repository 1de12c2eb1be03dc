import { type Db } from "@inboxwatch/db";

import { decoyPasswordHash, hashPassword, verifyPassword } from "../crypto/password.ts";
import { ConflictError, isUniqueViolation, UnauthorizedError, ValidationError } from "../errors.ts";
import { assertSignInAllowed, recordSignInAttempt } from "./sign-in-limit.ts";
import { ZEmail, ZPassword, ZSignUp, type TSignUp } from "./schemas.ts";

/** What a session carries about its user; `sessionVersion` lets us revoke every JWT of a user at once. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

const sessionUserSelect = { id: true, email: true, name: true, sessionVersion: true } as const;

export async function signUp(db: Db, input: TSignUp): Promise<SessionUser> {
  const data = ZSignUp.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.user.create({ data: { email: data.email, name: data.name ?? null, passwordHash }, select: sessionUserSelect });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError("An account with this email already exists. Sign in instead.");
    throw err;
  }
}

/**
 * Checks email + password under the sign-in rate limit. Unknown emails cost the same argon2 verification
 * as known ones, so response time does not reveal which accounts exist.
 */
export async function verifyCredentials(db: Db, input: { email: string; password: string; ip: string | null }): Promise<SessionUser> {
  const email = ZEmail.safeParse(input.email);
  if (!email.success || typeof input.password !== "string" || input.password.length > 256) {
    throw new UnauthorizedError("Wrong email or password");
  }
  await assertSignInAllowed(db, email.data, input.ip);
  const user = await db.user.findUnique({ where: { email: email.data }, select: { ...sessionUserSelect, passwordHash: true } });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  await recordSignInAttempt(db, email.data, input.ip, ok && !!user?.passwordHash);
  if (!ok || !user?.passwordHash) throw new UnauthorizedError("Wrong email or password");
  const { passwordHash: _omit, ...sessionUser } = user;
  return sessionUser;
}

/** Changing the password revokes every other session of the user (their JWTs carry the old version). */
export async function changePassword(db: Db, userId: string, input: { currentPassword: string; newPassword: string }): Promise<SessionUser> {
  const newPassword = ZPassword.parse(input.newPassword);
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new UnauthorizedError();
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError("The current password is wrong");
  }
  return db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(newPassword), sessionVersion: { increment: 1 } },
    select: sessionUserSelect,
  });
}

/** The session's user if the session is still valid (user exists, version unchanged), else null. */
export async function getSessionUser(db: Db, userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
  return user && user.sessionVersion === sessionVersion ? user : null;
}

/** OAuth sign-in: the provider verified the email, so find or create the user by it. */
export async function findOrCreateOAuthUser(db: Db, input: { email: string; name?: string | null }): Promise<SessionUser> {
  const email = ZEmail.parse(input.email);
  return db.user.upsert({
    where: { email },
    update: { emailVerified: new Date() },
    create: { email, name: input.name ?? null, emailVerified: new Date() },
    select: sessionUserSelect,
  });
}
