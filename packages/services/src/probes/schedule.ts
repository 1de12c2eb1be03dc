/**
 * `probes.schedule` (every minute): claims due monitors across all organizations and enqueues one
 * `probes.run` per monitor in the same transaction, so a monitor is claimed iff its job exists. Claiming
 * moves `nextProbeAt` one interval ahead (the run then sets it from its own time); rows another
 * scheduler holds are skipped (SKIP LOCKED), so any number of workers can sweep at once.
 *
 * Monitors are created eagerly by the server create/update verbs (syncMonitorsForServer) and, for
 * servers inserted any other way, lazily here.
 */
import { sendJob } from "@inboxwatch/jobs";

import { type SystemContext, type Tx } from "../context.ts";

/** Monitors looked at per sweep: 10,000 monitors at a 5 min interval need ~2,000 a minute. */
export const PROBE_SCHEDULE_SCAN = 5_000;
/**
 * Per-organization cap per sweep: one organization with thousands of monitors cannot starve the
 * others; the rest of its due monitors stay due and go out in the next sweeps.
 */
export const PROBE_SCHEDULE_PER_ORG = 300;

interface Claimed {
  id: string;
  orgId: string;
  dueAt: Date;
}

/**
 * Monitors for servers written behind the verbs' back (the demo seed, SQL imports): the same rows
 * syncMonitorsForServer would create. Cheap anti-join; a no-op once every server has its monitors.
 */
async function createMissingMonitors(tx: Tx): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "Monitor" ("id", "orgId", "serverId", "port", "mode", "updatedAt", "stateReasons")
    SELECT 'mon_' || replace(gen_random_uuid()::text, '-', ''), s."orgId", s."id", p.port, p.mode::"MonitorMode", now(), '{}'
    FROM "MailServer" s
    CROSS JOIN (VALUES (25, 'starttls'), (587, 'starttls'), (465, 'tls')) AS p(port, mode)
    WHERE ((p.port = 25 AND s."port25") OR (p.port = 587 AND s."port587") OR (p.port = 465 AND s."port465"))
      AND NOT EXISTS (SELECT 1 FROM "Monitor" m WHERE m."serverId" = s."id" AND m."port" = p.port)
    ON CONFLICT ("serverId", "port") DO NOTHING`;
}

export async function scheduleDueProbes(
  ctx: SystemContext,
  input: { now?: Date; limits?: { scan: number; perOrg: number } } = {},
): Promise<{ enqueued: number; organizations: number }> {
  const { db } = ctx;
  const { now = new Date(), limits = { scan: PROBE_SCHEDULE_SCAN, perOrg: PROBE_SCHEDULE_PER_ORG } } = input;
  await db.$transaction((tx) => createMissingMonitors(tx));
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<Claimed[]>`
      WITH locked AS (
        SELECT "id", "orgId", "nextProbeAt" FROM "Monitor"
        WHERE "enabled" AND "nextProbeAt" <= ${now}
        ORDER BY "nextProbeAt" LIMIT ${limits.scan}
        FOR UPDATE SKIP LOCKED
      ), picked AS (
        SELECT "id", "nextProbeAt" FROM (
          SELECT "id", "nextProbeAt", row_number() OVER (PARTITION BY "orgId" ORDER BY "nextProbeAt") AS rn FROM locked
        ) ranked WHERE rn <= ${limits.perOrg}
      )
      UPDATE "Monitor" m SET "nextProbeAt" = ${now}::timestamp + make_interval(secs => m."intervalSeconds")
      FROM picked WHERE m."id" = picked."id"
      RETURNING m."id", m."orgId", picked."nextProbeAt" AS "dueAt"`;
    for (const m of claimed) await sendJob("probes.run", { orgId: m.orgId, monitorId: m.id, slot: m.dueAt.toISOString() }, { tx });
    return { enqueued: claimed.length, organizations: new Set(claimed.map((m) => m.orgId)).size };
  });
}

/**
 * Watched domains whose MX set is due for resolution: claimed like monitors (SKIP LOCKED, moved one
 * interval ahead) and handed to `probes.sync-mx` in the same transaction. Their MX host monitors are
 * ordinary monitors: scheduleDueProbes sends them.
 */
export async function scheduleDueMxSyncs(ctx: SystemContext, input: { now?: Date; scan?: number } = {}): Promise<{ enqueued: number }> {
  const { now = new Date(), scan = PROBE_SCHEDULE_SCAN } = input;
  return ctx.db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string; orgId: string }[]>`
      WITH due AS (
        SELECT "id" FROM "MxWatch" WHERE "enabled" AND "nextSyncAt" <= ${now}
        ORDER BY "nextSyncAt" LIMIT ${scan} FOR UPDATE SKIP LOCKED
      )
      UPDATE "MxWatch" w SET "nextSyncAt" = ${now}::timestamp + make_interval(secs => w."intervalSeconds")
      FROM due WHERE w."id" = due."id"
      RETURNING w."id", w."orgId"`;
    for (const w of claimed) await sendJob("probes.sync-mx", { orgId: w.orgId, watchId: w.id }, { tx });
    return { enqueued: claimed.length };
  });
}
