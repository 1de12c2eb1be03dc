/**
 * "Store this row and enqueue its job — only if the row is new" as ONE SQL statement.
 *
 * The usual way (`$transaction` → insert → `sendJob({ tx })` → commit) costs an interactive transaction:
 * four round trips and the ORM's transaction bookkeeping for every item. For high-rate intake (report
 * mails, API uploads) that overhead was half the end-to-end cost. A data-modifying CTE does the same
 * atomically in one statement: PostgreSQL runs the row insert and the job insert as one implicit
 * transaction, and the job is inserted only when the CTE returned a row (a duplicate inserts neither).
 *
 * The job insert is pg-boss's own `insertJob` plan (so queue policy, retry and expiry defaults are applied
 * exactly as `send()` does), joined to the CTE. pg-boss is pinned (10.4.2); `insertThenSendSql` fails
 * loudly if an upgrade changes the plan's shape, and insert-then-send.test.ts works a job inserted this
 * way through a real pg-boss worker.
 */
// pg-boss has no "exports" map; its SQL plans are a plain module of the pinned version.
import plans from "pg-boss/src/plans.js";

import { type RawQueryable } from "./boss.ts";
import { JOBS, type JobName, type JobPayload } from "./registry.ts";

/** Positional parameters of pg-boss 10's insertJob plan; the row insert's parameters follow them. */
const PG_BOSS_INSERT_JOB_PARAMS = 19;
const PG_BOSS_SCHEMA = "pgboss";

/** The FROM clause of insertJob that the CTE is joined onto. */
const JOIN_ANCHOR = `) j JOIN ${PG_BOSS_SCHEMA}.queue q ON j.name = q.name`;

let cachedSql: string | undefined;

function insertJobPlan(): string {
  const sql = plans.insertJob(PG_BOSS_SCHEMA);
  if (!sql.includes(JOIN_ANCHOR) || !sql.includes(`$${PG_BOSS_INSERT_JOB_PARAMS}`) || sql.includes(`$${PG_BOSS_INSERT_JOB_PARAMS + 1}`)) {
    throw new Error("pg-boss insertJob plan changed shape: review packages/jobs/src/insert-then-send.ts for this pg-boss version");
  }
  return sql;
}

/**
 * The combined statement. `rowInsertSql` is an INSERT … ON CONFLICT DO NOTHING RETURNING 1 whose
 * placeholders start at `$20` (see `ROW_PARAMS_START`). It returns one row: `queued` = jobs inserted.
 * A row inserted without its job (the queue does not exist) must not commit: the final SELECT then
 * raises a cast error naming the cause, which aborts the whole statement. The cast's input depends on a
 * subquery so the planner cannot fold it (and raise it) ahead of the CASE condition.
 */
export function insertThenSendSql(rowInsertSql: string): string {
  cachedSql ??= insertJobPlan();
  const jobInsert = cachedSql.replace(JOIN_ANCHOR, `${JOIN_ANCHOR} CROSS JOIN (SELECT 1 FROM inserted_row LIMIT 1) r`);
  return `WITH inserted_row AS (${rowInsertSql}),
queued_job AS (${jobInsert})
SELECT CASE
  WHEN (SELECT count(*) FROM inserted_row) > (SELECT count(*) FROM queued_job)
  THEN CAST('job queue missing, row not stored: ' || (SELECT count(*) FROM inserted_row)::text AS int)
  ELSE (SELECT count(*) FROM queued_job)::int
END AS queued`;
}

/** First placeholder number available to the row insert. */
export const ROW_PARAMS_START = PG_BOSS_INSERT_JOB_PARAMS + 1;

/**
 * Inserts the row and, if it was inserted, the job — atomically, in one statement. Returns whether the
 * row was new. The payload is validated against the job's schema like `sendJob` does.
 */
export async function insertThenSendJob<N extends JobName>(
  db: RawQueryable,
  row: { sql: string; values: unknown[] },
  name: N,
  payload: JobPayload<N>,
): Promise<boolean> {
  const def = JOBS[name];
  const parsed = def.schema.parse(payload) as object;
  const singletonKey =
    "singletonKey" in def && typeof def.singletonKey === "function" ? (def.singletonKey as (p: unknown) => string)(parsed) : null;
  // Same order as pg-boss's createJob: id, name, data, priority, startAfter, singletonKey, singletonSeconds,
  // singletonOffset, then expiry/retry options left null so the queue's policy applies.
  const jobValues: unknown[] = Array.from({ length: PG_BOSS_INSERT_JOB_PARAMS }, () => null);
  jobValues[1] = name;
  jobValues[2] = JSON.stringify(parsed);
  jobValues[5] = singletonKey;
  jobValues[7] = 0;
  const [result] = await db.$queryRawUnsafe<{ queued: number }[]>(insertThenSendSql(row.sql), ...jobValues, ...row.values);
  return result?.queued === 1;
}
