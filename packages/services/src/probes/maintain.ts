/**
 * Daily probe housekeeping, across organizations (a system job): ProbeResult's monthly partitions
 * created ahead (the migration made them only up to April 2027), result months past retention dropped
 * whole, and old hourly rollups deleted. Dashboards read rollups (30 days at most), never old results.
 */
import { type SystemContext } from "../context.ts";
import { dropMonthlyPartitionsBefore, ensureMonthlyPartitions, type EnsuredPartitions } from "../partitions.ts";

/** Months of partitions kept ready after the current one: a missed week of jobs still finds its months. */
export const PROBE_PARTITIONS_AHEAD_MONTHS = 3;
/** Full results (transcripts, chains) are kept this long; a whole month goes once entirely older. */
export const PROBE_RESULT_RETENTION_DAYS = 180;
/** Hourly rollups outlive results: uptime and latency history for reports a year back. */
export const MONITOR_ROLLUP_RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;

export interface ProbeMaintainResult extends EnsuredPartitions {
  dropped: string[];
  deletedDefaultResults: number;
  deletedRollups: number;
}

export async function maintainProbes(ctx: SystemContext, input: { now?: Date } = {}): Promise<ProbeMaintainResult> {
  const { db } = ctx;
  const now = input.now ?? new Date();
  const ensured = await ensureMonthlyPartitions(ctx, { table: "ProbeResult", now, aheadMonths: PROBE_PARTITIONS_AHEAD_MONTHS });
  const resultCutoff = new Date(now.getTime() - PROBE_RESULT_RETENTION_DAYS * DAY_MS);
  const dropped = await dropMonthlyPartitionsBefore(ctx, { table: "ProbeResult", cutoff: resultCutoff });
  const deletedDefaultResults = await db.$executeRaw`delete from "ProbeResult_default" where "time" < ${resultCutoff}`;
  const rollupCutoff = new Date(now.getTime() - MONITOR_ROLLUP_RETENTION_DAYS * DAY_MS);
  const deletedRollups = (await db.monitorRollup.deleteMany({ where: { hour: { lt: rollupCutoff } } })).count;
  return { ...ensured, dropped, deletedDefaultResults, deletedRollups };
}
