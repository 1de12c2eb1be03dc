/** Queue snapshots: Postfix queue depth at one moment, posted periodically by infra/log-shipping/postqueue-snapshot.sh. */
import { z } from "zod";

import { type OrgContext } from "../context.ts";
import { LOG_SOURCE_RE } from "./accept-batch.ts";

/** A queue depth far beyond any real MTA: a typo or an attack, not a measurement. */
const QUEUE_COUNT_MAX = 100_000_000;
/** Ten years: an "oldest message" older than this is a clock problem. */
const QUEUE_AGE_MAX_SECONDS = 10 * 365 * 86_400;

const count = z.number().int().min(0).max(QUEUE_COUNT_MAX);

export const ZQueueSnapshot = z.object({
  source: z.string().regex(LOG_SOURCE_RE).default("default"),
  time: z.iso.datetime({ offset: true }).optional().describe("ISO 8601; default: when received"),
  active: count,
  deferred: count,
  hold: count,
  incoming: count.default(0),
  oldestAgeSeconds: z.number().int().min(0).max(QUEUE_AGE_MAX_SECONDS).default(0),
});
export type TQueueSnapshot = z.input<typeof ZQueueSnapshot>;

export const ZQueueSnapshotResponse = z.object({ id: z.string(), source: z.string(), time: z.string() });

/** Stores a snapshot; the same source and time posted twice keeps the first (idempotent retries). */
export async function recordQueueSnapshot(ctx: OrgContext, input: TQueueSnapshot) {
  const s = ZQueueSnapshot.parse(input);
  const time = s.time ? new Date(s.time) : new Date();
  const row = await ctx.db.queueSnapshot.upsert({
    where: { orgId_source_time: { orgId: ctx.orgId, source: s.source, time } },
    create: {
      orgId: ctx.orgId,
      source: s.source,
      time,
      active: s.active,
      deferred: s.deferred,
      hold: s.hold,
      incoming: s.incoming,
      oldestAgeSeconds: s.oldestAgeSeconds,
    },
    update: {},
    select: { id: true, source: true, time: true },
  });
  return { id: row.id, source: row.source, time: row.time.toISOString() };
}
