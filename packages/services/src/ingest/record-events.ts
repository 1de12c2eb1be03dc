/**
 * Delivery events that come from outside the log pipeline (bounce DSNs received by mail) written the way
 * a log batch writes them: the same rows (hashed recipients, inventory server), the same idempotent
 * insert on the event's business key, the same rollups of exactly the rows inserted.
 */
import { type DeliveryEvent } from "@inboxwatch/deliverability/logs";

import { type InTx, type OrgContext } from "../context.ts";
import { insertEventRows, toEventRow } from "./event-rows.ts";
import { getIngestSettings } from "./settings.ts";

/** Inserts the events (duplicates of stored ones are skipped) and returns how many were new. */
export async function recordDeliveryEvents(
  ctx: Pick<InTx<OrgContext>, "db" | "orgId">,
  input: { source: string; receivedAt: Date; events: DeliveryEvent[] },
): Promise<{ inserted: number }> {
  const { orgId } = ctx;
  const { source, receivedAt, events } = input;
  if (events.length === 0) return { inserted: 0 };
  const settings = await getIngestSettings(ctx);
  const servers = await ctx.db.mailServer.findMany({ where: { orgId }, select: { id: true, hostname: true, role: true } });
  const { inserted } = await insertEventRows(ctx, {
    rows: events.map((e) => toEventRow(e, { orgId, source, receivedAt, settings, servers })),
  });
  return { inserted };
}
