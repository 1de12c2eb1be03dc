/**
 * Signed-in browsers. A session is a JWT (next-auth) that carries a UserSession id and the user's session
 * version; every request re-reads both, so signing out (revoke one row) and "sign out everywhere" (bump
 * the version) take effect at once instead of when the 30-day token expires (issue 20, finding 5).
 */
import { type SystemContext } from "../context.ts";
import { sessionUserSelect, type SessionUser } from "./auth.ts";

/** Stored client details are for the user's own list of sessions; bounded like any header. */
const USER_AGENT_MAX_CHARS = 300;

export async function openSession(
  ctx: SystemContext,
  input: { userId: string; method: string; ip?: string | null; userAgent?: string | null },
): Promise<string> {
  const row = await ctx.db.userSession.create({
    data: {
      userId: input.userId,
      method: input.method,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, USER_AGENT_MAX_CHARS) ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * The session's user if the session is still valid: the row exists and is not revoked, the user still
 * exists with the same session version, and the address is verified. Else null.
 */
export async function getSessionUser(
  ctx: SystemContext,
  input: { userId: string; sessionVersion: number; sessionId: string },
): Promise<SessionUser | null> {
  const { userId, sessionVersion, sessionId } = input;
  const row = await ctx.db.userSession.findFirst({
    where: { id: sessionId, userId, revokedAt: null },
    select: { user: { select: { ...sessionUserSelect, emailVerified: true } } },
  });
  if (!row || row.user.sessionVersion !== sessionVersion || !row.user.emailVerified) return null;
  const { emailVerified: _verified, ...user } = row.user;
  return user;
}

/** Sign-out: this browser's token stops working now. Idempotent; another user's session id changes nothing. */
export async function revokeSession(ctx: SystemContext, input: { userId: string; sessionId: string }): Promise<void> {
  await ctx.db.userSession.updateMany({
    where: { id: input.sessionId, userId: input.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** "Sign out everywhere": every session of the user, this one included. */
export async function revokeAllSessions(ctx: SystemContext, input: { userId: string }): Promise<void> {
  const { db } = ctx;
  const { userId } = input;
  await db.$transaction([
    db.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } }),
    db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } }),
  ]);
}

/** How many sessions the account page lists (newest first). */
export const SESSIONS_LISTED_MAX = 50;

export async function listSessions(ctx: SystemContext, input: { userId: string }) {
  return ctx.db.userSession.findMany({
    where: { userId: input.userId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: SESSIONS_LISTED_MAX,
    select: { id: true, method: true, ip: true, userAgent: true, createdAt: true },
  });
}
