/**
 * Job leases: how a job whose worker died (SIGKILL, OOM, power loss) gets handed out again in seconds
 * instead of after its queue's expiry.
 *
 * pg-boss 10 gives an active job back (as a retry) only once `started_on + expire_in` has passed, found by
 * its maintenance loop; and it also uses `expire_in` in process, as the handler's time limit. The queue
 * expiries are sized for the longest legitimate run (10 min for a log batch, 15 for a report batch), so a
 * batch whose worker died used to wait that long. pg-boss 10 has no heartbeat, so the worker keeps one:
 * while a handler runs, every JOB_HEARTBEAT_MS it moves the job's `started_on` so that
 * `started_on + expire_in` lands JOB_LEASE_SECONDS from now. `expire_in` itself is left alone: it stays the
 * run-time limit, in process and for the retries pg-boss copies it to. A dead worker stops renewing, and
 * the job expires at most JOB_LEASE_SECONDS after its last heartbeat. See infra/decisions/0004-job-leases.md.
 */
import { type PgBoss } from "@inboxwatch/jobs";

/** A job not renewed for this long belongs to a dead worker. Three heartbeats, so two lost ones (a busy event loop, a slow pool) are tolerated. */
export const JOB_LEASE_SECONDS = 15;
/** How often a running job's lease is renewed. */
export const JOB_HEARTBEAT_MS = 5_000;
/**
 * pg-boss maintenance (expiry of jobs past their lease, archiving) runs this often across all workers
 * (pg-boss serialises it through a timestamp in its version table, so with jitter a run can slip to twice
 * this). Its default, 120 s, alone exceeded the minute a crashed batch may wait. A run is a few scans of
 * the job table. Time to recover ≈ lease + this + the queue's first retry delay.
 */
export const MAINTENANCE_INTERVAL_SECONDS = 5;

/** pg-boss's default schema; the worker's boss is created without a schema option. */
const PGBOSS_SCHEMA = "pgboss";

/**
 * Only active jobs of this queue (the table is partitioned by queue name): a job pg-boss already failed
 * or completed is left alone. LEAST keeps a job whose whole expiry is shorter than the lease at its
 * expiry (a lease never extends a job beyond its own time limit from now).
 */
const RENEW_SQL = `
  update ${PGBOSS_SCHEMA}.job
     set started_on = least(now(), now() + make_interval(secs => $3) - expire_in)
   where name = $1 and id = any($2::uuid[]) and state = 'active'`;

/**
 * Between pg-boss's fetch and the first lease there is a gap (the lease statement waits for a pooled
 * connection behind the pollers' fetches): a worker that dies there leaves an active job that was never
 * leased and would wait for its whole expiry. Such a job is recognisable: fetched more than a lease ago,
 * yet still expiring later than a lease from now (a lease keeps that at most JOB_LEASE_SECONDS). Every
 * worker expires those at once, on the heartbeat's rhythm, and pg-boss's maintenance then retries them.
 */
const RECLAIM_UNLEASED_SQL = `
  update ${PGBOSS_SCHEMA}.job
     set started_on = now() - expire_in
   where state = 'active'
     and started_on < now() - make_interval(secs => $1)
     and started_on + expire_in > now() + make_interval(secs => $1)`;

/** Expires active jobs that were fetched but never leased (their worker died right after the fetch). */
export async function reclaimUnleasedJobs(boss: PgBoss): Promise<void> {
  await boss.getDb().executeSql(RECLAIM_UNLEASED_SQL, [JOB_LEASE_SECONDS]);
}

/** Runs reclaimUnleasedJobs every JOB_HEARTBEAT_MS until stopped. */
export function startReclaimingUnleasedJobs(boss: PgBoss, onError: (err: Error) => void = () => {}): { stop(): void } {
  const timer = setInterval(() => void reclaimUnleasedJobs(boss).catch(onError), JOB_HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export interface JobLease {
  /** Stops renewing (the handler settled; pg-boss completes or fails the jobs). */
  release(): void;
}

/**
 * Takes the lease on fetched jobs at once, then renews it until released. A failed renewal is reported
 * and retried at the next beat: the handler goes on, and at worst the job is handed out a second time
 * (handlers are idempotent).
 */
export async function holdLease(
  boss: PgBoss,
  name: string,
  ids: readonly string[],
  onError: (err: Error) => void = () => {},
): Promise<JobLease> {
  const renew = () =>
    boss
      .getDb()
      .executeSql(RENEW_SQL, [name, ids, JOB_LEASE_SECONDS])
      .then(() => undefined, onError);
  await renew();
  const timer = setInterval(() => void renew(), JOB_HEARTBEAT_MS);
  // Never the reason a stopping worker stays alive.
  timer.unref();
  return { release: () => clearInterval(timer) };
}
