import { type SystemContext } from "../context.ts";
import { RateLimitedError } from "../errors.ts";

/** Failed attempts allowed per email (and per client address) in the window before sign-in is refused. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** A client address tries many emails in a credential-stuffing run; give it more room than one email. */
export const SIGN_IN_MAX_FAILURES_PER_IP = 30;

export async function assertSignInAllowed(ctx: SystemContext, input: { email: string; ip: string | null; now?: Date }): Promise<void> {
  const { db } = ctx;
  const { email, ip, now = new Date() } = input;
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    db.signInAttempt.findMany({
      where: { email, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    ip ? db.signInAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }) : Promise.resolve(0),
  ]);
  if (byEmail.length >= SIGN_IN_MAX_FAILURES || byIp >= SIGN_IN_MAX_FAILURES_PER_IP) {
    const oldest = byEmail[0]?.createdAt ?? since;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 1000));
    throw new RateLimitedError(
      `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes, or use a sign-in link.`,
      retryAfterSeconds,
    );
  }
}

export async function recordSignInAttempt(
  ctx: SystemContext,
  input: { email: string; ip: string | null; success: boolean },
): Promise<void> {
  await ctx.db.signInAttempt.create({ data: { email: input.email, ip: input.ip, success: input.success } });
}
