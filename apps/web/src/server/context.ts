import "server-only";

import { auth } from "@inboxwatch/auth";
import { getDb } from "@inboxwatch/db";
import { clientIpFromHeaders } from "@inboxwatch/deliverability/net";
import { getSessionUser, type SessionUser } from "@inboxwatch/services";

import { env } from "~/env";

/** The signed-in user, re-validated against the database (revoked sessions and deleted users get null). */
export async function currentUser(): Promise<SessionUser | null> {
  env();
  const session = await auth();
  const uid = session?.user?.id;
  const sid = session?.sessionId;
  if (!uid || !sid) return null;
  const user = await getDb().user.findUnique({ where: { id: uid }, select: { sessionVersion: true } });
  return user ? getSessionUser(getDb(), uid, user.sessionVersion, sid) : null;
}

/** The client address the web server resolved (apps/web/server.ts, TRUSTED_PROXIES); null outside it. */
export function clientIp(headers: Headers): string | null {
  return clientIpFromHeaders(headers);
}
