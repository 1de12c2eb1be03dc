import "server-only";

import { auth } from "@inboxwatch/auth";
import { getDb } from "@inboxwatch/db";
import { clientIpFromHeaders } from "@inboxwatch/deliverability/net";
import { sessionUserSelect, type SessionUser } from "@inboxwatch/services/user";

import { env } from "~/env";

/**
 * The signed-in user. `auth()` runs the jwt callback, which has just re-checked the session row, the
 * session version and the verified address (revoked sessions and deleted users get no session), so one
 * read of the user remains.
 */
export async function currentUser(): Promise<SessionUser | null> {
  env();
  const uid = (await auth())?.user?.id;
  if (!uid) return null;
  return getDb().user.findUnique({ where: { id: uid }, select: sessionUserSelect });
}

/** The client address the web server resolved (apps/web/server.ts, TRUSTED_PROXIES); null outside it. */
export function clientIp(headers: Headers): string | null {
  return clientIpFromHeaders(headers);
}
