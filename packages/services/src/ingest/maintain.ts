/**
 * Nightly ingest housekeeping, across organizations (a system job): monthly DeliveryEvent partitions
 * created ahead of time (rows for a month without its partition land in the default partition, and a
 * month's partition can no longer be created once the default holds rows of it), raw batches deleted
 * once processed and old, and event months past retention dropped whole (DROP of a partition is
 * instant; DELETE of millions of rows is not).
 */
import { type SystemContext } from "../context.ts";

/** Months of partitions kept ready ahead of the current one. */
export const EVENT_PARTITIONS_AHEAD_MONTHS = 3;
/** Raw batches are kept this long after processing, for re-processing after a parser fix. */
export const RAW_BATCH_RETENTION_DAYS = 14;
/** Delivery events are kept this long (whole months are dropped once entirely older). */
export const DELIVERY_EVENT_RETENTION_DAYS = 400;
/** Rollups outlive events: dashboards and yearly reports read them. */
export const DELIVERY_ROLLUP_RETENTION_DAYS = 800;
/** Minute rollups serve the "last hours" charts and the throttling detector; hours cover anything older. */
export const DELIVERY_ROLLUP_MINUTE_RETENTION_HOURS = 48;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const PARTITION_RE = /^DeliveryEvent_p(\d{4})(\d{2})$/;

const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m, 1));
const name = (d: Date) => `DeliveryEvent_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;

export interface MaintainResult {
  createdPartitions: string[];
  skippedPartitions: string[];
  droppedPartitions: string[];
  deletedBatches: number;
  deletedDefaultEvents: number;
  deletedRollups: number;
  deletedMinuteRollups: number;
  /** First-engagement markers (MessageEngagement) older than the events they stood for. */
  deletedEngagementMarkers: number;
}

export async function maintainIngest(ctx: SystemContext, input: { now?: Date } = {}): Promise<MaintainResult> {
  const { db } = ctx;
  const now = input.now ?? new Date();
  const result: MaintainResult = {
    createdPartitions: [],
    skippedPartitions: [],
    droppedPartitions: [],
    deletedBatches: 0,
    deletedDefaultEvents: 0,
    deletedRollups: 0,
    deletedMinuteRollups: 0,
    deletedEngagementMarkers: 0,
  };
  for (let k = 0; k <= EVENT_PARTITIONS_AHEAD_MONTHS; k++) {
    const from = monthStart(now.getUTCFullYear(), now.getUTCMonth() + k);
    const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
    const table = name(from);
    const exists = await db.$queryRawUnsafe<unknown[]>(`select 1 from pg_class where relname = $1`, table);
    if (exists.length > 0) continue;
    try {
      // Identifiers cannot be bound: the name is built from digits only (see `name`).
      await db.$executeRawUnsafe(
        `create table "${table}" partition of "DeliveryEvent" for values from ('${from.toISOString()}') to ('${to.toISOString()}')`,
      );
      result.createdPartitions.push(table);
    } catch {
      // The default partition already holds rows of this month: they stay there, still queryable.
      result.skippedPartitions.push(table);
    }
  }
  const eventCutoff = new Date(now.getTime() - DELIVERY_EVENT_RETENTION_DAYS * DAY_MS);
  const partitions = await db.$queryRawUnsafe<{ relname: string }[]>(
    `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'DeliveryEvent'`,
  );
  for (const { relname } of partitions) {
    const m = PARTITION_RE.exec(relname);
    if (!m) continue;
    const end = monthStart(Number(m[1]), Number(m[2]));
    if (end <= eventCutoff) {
      await db.$executeRawUnsafe(`drop table "${relname}"`);
      result.droppedPartitions.push(relname);
    }
  }
  result.deletedDefaultEvents = await db.$executeRaw`delete from "DeliveryEvent_default" where "time" < ${eventCutoff}`;
  const batchCutoff = new Date(now.getTime() - RAW_BATCH_RETENTION_DAYS * DAY_MS);
  result.deletedBatches = (await db.rawLogBatch.deleteMany({ where: { status: "PROCESSED", processedAt: { lt: batchCutoff } } })).count;
  const rollupCutoff = new Date(now.getTime() - DELIVERY_ROLLUP_RETENTION_DAYS * DAY_MS);
  result.deletedRollups = (await db.deliveryRollup.deleteMany({ where: { hour: { lt: rollupCutoff } } })).count;
  result.deletedRollups += (await db.deliveryRollupDay.deleteMany({ where: { day: { lt: rollupCutoff } } })).count;
  result.deletedRollups += (await db.deliveryCodeRollupHour.deleteMany({ where: { hour: { lt: rollupCutoff } } })).count;
  result.deletedRollups += (await db.deliveryCodeRollupDay.deleteMany({ where: { day: { lt: rollupCutoff } } })).count;
  // A marker outlives nothing it guards: the events it deduplicated are gone with their partition.
  result.deletedEngagementMarkers = (await db.messageEngagement.deleteMany({ where: { time: { lt: eventCutoff } } })).count;
  const minuteCutoff = new Date(now.getTime() - DELIVERY_ROLLUP_MINUTE_RETENTION_HOURS * HOUR_MS);
  result.deletedMinuteRollups = (await db.deliveryRollupMinute.deleteMany({ where: { minute: { lt: minuteCutoff } } })).count;
  return result;
}
