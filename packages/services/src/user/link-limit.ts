/**
 * How many emailed links (sign-in, address confirmation) one address and one client may ask for
 * (issue 20, finding 4: fifteen requests in a row to one address were all sent, which makes the product
 * a mail-bombing tool and floods the victim's inbox). Counted from the links actually issued.
 */
import { type SystemContext } from "../context.ts";

export const LINK_WINDOW_MS = 15 * 60_000;
/** A person who lost the first mail asks again once or twice; a fourth in 15 minutes is a script. */
export const LINK_MAX_PER_ADDRESS = 3;
/** One client asking for many addresses is enumeration or abuse; an office behind one NAT stays under 20 in 15 minutes. */
export const LINK_MAX_PER_CLIENT = 20;

/** Whether another link may be sent to `email` for a request from `ip` (null: client unknown, address limit only). */
export async function canSendLink(ctx: SystemContext, input: { email: string; ip: string | null; now?: Date }): Promise<boolean> {
  const { db } = ctx;
  const { email, ip, now = new Date() } = input;
  const since = new Date(now.getTime() - LINK_WINDOW_MS);
  const [byAddress, byClient] = await Promise.all([
    db.magicLinkToken.count({ where: { email, createdAt: { gte: since } } }),
    ip ? db.magicLinkToken.count({ where: { requestIp: ip, createdAt: { gte: since } } }) : Promise.resolve(0),
  ]);
  return byAddress < LINK_MAX_PER_ADDRESS && byClient < LINK_MAX_PER_CLIENT;
}
