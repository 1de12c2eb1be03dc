import { type Db } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { randomToken, sha256Hex } from "../crypto/tokens.ts";
import { servicesEnv } from "../env.ts";
import { UnauthorizedError } from "../errors.ts";
import { magicLinkMail } from "../mail/templates.ts";
import { type SessionUser } from "./auth.ts";
import { ZEmail } from "./schemas.ts";
import { assertSignInAllowed } from "./sign-in-limit.ts";

export const MAGIC_LINK_TTL_MS = 15 * 60_000;

/**
 * Emails a single-use sign-in link. The answer is the same whether or not an account exists (the link
 * creates the account on first use), so this cannot be used to probe for users.
 */
export async function requestMagicLink(db: Db, input: { email: string; ip: string | null }): Promise<void> {
  const email = ZEmail.parse(input.email);
  await assertSignInAllowed(db, email, input.ip);
  const token = randomToken();
  const url = `${servicesEnv().APP_URL}/magic?token=${encodeURIComponent(token)}`;
  await db.$transaction(async (tx) => {
    await tx.magicLinkToken.create({ data: { email, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + MAGIC_LINK_TTL_MS) } });
    await sendJob("mail.send", { to: email, ...magicLinkMail(url) }, { tx });
  });
}

/** Consumes a link exactly once (a conditional update, so two clicks racing cannot both sign in). */
export async function consumeMagicLink(db: Db, token: string): Promise<SessionUser> {
  const tokenHash = sha256Hex(token);
  const now = new Date();
  const claimed = await db.magicLinkToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) throw new UnauthorizedError("This sign-in link is invalid, expired or already used. Ask for a new one.");
  const link = await db.magicLinkToken.findUniqueOrThrow({ where: { tokenHash } });
  return db.user.upsert({
    where: { email: link.email },
    update: { emailVerified: now },
    create: { email: link.email, emailVerified: now },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
}
