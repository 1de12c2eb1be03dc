/**
 * Complained recipients are hashed exactly as delivery events hash theirs (per-organization salt from
 * the ingest settings), so a complaint can be matched to the delivery it complains about without the
 * address being stored in clear.
 */
import { type Tx } from "@inboxwatch/db";

import { getIngestSettings, hashRecipient } from "../ingest/settings.ts";

export async function recipientHasher(tx: Tx, orgId: string): Promise<(address: string) => string> {
  const { recipientSalt } = await getIngestSettings(tx, orgId);
  return (address) => hashRecipient(recipientSalt, address);
}
