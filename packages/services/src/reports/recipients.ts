/**
 * Complained recipients are hashed exactly as delivery events hash theirs (per-organization salt from
 * the ingest settings), so a complaint can be matched to the delivery it complains about without the
 * address being stored in clear.
 */
import { type InTx, type OrgContext } from "../context.ts";
import { getIngestSettings, hashRecipient } from "../ingest/settings.ts";

export async function recipientHasher(ctx: Pick<InTx<OrgContext>, "db" | "orgId">): Promise<(address: string) => string> {
  const { recipientSalt } = await getIngestSettings(ctx);
  return (address) => hashRecipient(recipientSalt, address);
}
