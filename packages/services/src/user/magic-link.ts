/**
 * Emailed single-use links: "email me a sign-in link", the address confirmation after a password
 * sign-up, and the sign-in link sent to an existing account's owner on a repeated sign-up. Only the
 * sha256 of a token is stored; the mail itself travels sealed (mail/sealed-mail.ts).
 */
import { type MagicLinkPurpose } from "@inboxwatch/db";

import { type SystemContext } from "../context.ts";
import { verifyPassword } from "../crypto/password.ts";
import { randomToken, sha256Hex } from "../crypto/tokens.ts";
import { servicesEnv } from "../env.ts";
import { UnauthorizedError } from "../errors.ts";
import { queueMail, type MailContent } from "../mail/sealed-mail.ts";
import { existingAccountMail, magicLinkMail, verifyEmailMail } from "../mail/templates.ts";
import { claimAccountByProvenAddress, sessionUserSelect, type SessionUser } from "./auth.ts";
import { canSendLink } from "./link-limit.ts";
import { ZEmail } from "./schemas.ts";
import { assertSignInAllowed, recordSignInAttempt } from "./sign-in-limit.ts";

export const MAGIC_LINK_TTL_MS = 15 * 60_000;
/** A confirmation mail is often opened later in the day; it only confirms, the password still guards. */
export const VERIFY_LINK_TTL_MS = 24 * 3600_000;

const INVALID_LINK = "This link is invalid, expired or already used. Ask for a new one.";

/** Only same-site paths survive in a link: an open redirect would make our mails a phishing tool. */
function safeNext(next: string | undefined): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") && next.length <= 500 ? next : null;
}

async function issueLink(
  ctx: SystemContext,
  input: {
    email: string;
    ip: string | null;
    purpose: MagicLinkPurpose;
    ttlMs: number;
    path: string;
    next?: string;
    mail: (url: string) => MailContent;
  },
): Promise<boolean> {
  if (!(await canSendLink(ctx, { email: input.email, ip: input.ip }))) return false;
  const token = randomToken();
  const next = safeNext(input.next);
  const url = `${servicesEnv().APP_URL}${input.path}?token=${encodeURIComponent(token)}${next ? `&next=${encodeURIComponent(next)}` : ""}`;
  await ctx.db.$transaction(async (tx) => {
    await tx.magicLinkToken.create({
      data: {
        email: input.email,
        purpose: input.purpose,
        tokenHash: sha256Hex(token),
        requestIp: input.ip,
        expiresAt: new Date(Date.now() + input.ttlMs),
      },
    });
    await queueMail({ db: tx }, { to: input.email, content: input.mail(url) });
  });
  return true;
}

/**
 * "Email me a sign-in link". The answer is the same whether or not an account exists (the link creates
 * the account on first use) and whether or not the request was over its limit, so it cannot be used to
 * probe for users. It ignores the password-failure lockout: the link is how a locked-out owner gets in.
 */
export async function requestMagicLink(ctx: SystemContext, input: { email: string; ip: string | null }): Promise<void> {
  await sendSignInLink(ctx, { email: ZEmail.parse(input.email), ip: input.ip, reason: "requested" });
}

export async function sendSignInLink(
  ctx: SystemContext,
  input: { email: string; ip: string | null; reason: "requested" | "existing-account" },
): Promise<boolean> {
  return issueLink(ctx, {
    email: input.email,
    ip: input.ip,
    purpose: "SIGN_IN",
    ttlMs: MAGIC_LINK_TTL_MS,
    path: "/magic",
    mail: input.reason === "requested" ? magicLinkMail : existingAccountMail,
  });
}

export async function sendVerificationLink(
  ctx: SystemContext,
  input: { email: string; ip: string | null; next?: string },
): Promise<boolean> {
  return issueLink(ctx, {
    email: input.email,
    ip: input.ip,
    purpose: "VERIFY_EMAIL",
    ttlMs: VERIFY_LINK_TTL_MS,
    path: "/verify",
    next: input.next,
    mail: verifyEmailMail,
  });
}

/** Marks a link used exactly once (a conditional update, so two clicks racing cannot both succeed). */
async function claimLink(ctx: SystemContext, tokenHash: string, now: Date): Promise<{ email: string }> {
  const { db } = ctx;
  const claimed = await db.magicLinkToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (claimed.count !== 1) throw new UnauthorizedError(INVALID_LINK);
  return db.magicLinkToken.findUniqueOrThrow({ where: { tokenHash }, select: { email: true } });
}

/**
 * Signs in by link (any purpose): the link proves the address. An account never verified loses the
 * password someone set on it, and its sessions (claimAccountByProvenAddress).
 */
export async function consumeMagicLink(ctx: SystemContext, input: { token: string }): Promise<SessionUser> {
  const link = await claimLink(ctx, sha256Hex(input.token), new Date());
  return claimAccountByProvenAddress(ctx, { email: link.email });
}

/**
 * Confirms the address of a password sign-up: the confirmation link proves the address, the password
 * proves that whoever opens it also chose the password, so the account keeps it. A wrong password does
 * not use up the link and counts as a failed sign-in.
 */
export async function confirmEmailWithPassword(
  ctx: SystemContext,
  input: { token: string; password: string; ip: string | null },
): Promise<SessionUser> {
  const { db } = ctx;
  const tokenHash = sha256Hex(input.token);
  const now = new Date();
  const link = await db.magicLinkToken.findUnique({
    where: { tokenHash },
    select: { email: true, purpose: true, usedAt: true, expiresAt: true },
  });
  if (!link || link.purpose !== "VERIFY_EMAIL" || link.usedAt || link.expiresAt <= now) throw new UnauthorizedError(INVALID_LINK);
  await assertSignInAllowed(ctx, { email: link.email, ip: input.ip });
  const user = await db.user.findUnique({ where: { email: link.email }, select: { id: true, passwordHash: true } });
  const ok =
    !!user?.passwordHash &&
    typeof input.password === "string" &&
    input.password.length <= 256 &&
    (await verifyPassword(user.passwordHash, input.password));
  await recordSignInAttempt(ctx, { email: link.email, ip: input.ip, success: ok });
  if (!ok || !user) throw new UnauthorizedError("Wrong password. Use the one you chose when you signed up, or continue without it.");
  await claimLink(ctx, tokenHash, now);
  return db.user.update({ where: { id: user.id }, data: { emailVerified: now }, select: sessionUserSelect });
}
