import "server-only";

import { auth } from "@inboxwatch/auth";
import { getDb } from "@inboxwatch/db";
import { getSessionUser, type SessionUser } from "@inboxwatch/services";

import { env } from "~/env";

/** The signed-in user, re-validated against the database (revoked sessions and deleted users get null). */
export async function currentUser(): Promise<SessionUser | null> {
  env();
  const session = await auth();
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await getDb().user.findUnique({ where: { id: uid }, select: { sessionVersion: true } });
  return user ? getSessionUser(getDb(), uid, user.sessionVersion) : null;
}

export function clientIp(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null;
}
