import { databaseEnv } from "@inboxwatch/env";
import PgBoss from "pg-boss";

import { JOBS, type JobName, type JobPayload } from "./registry.ts";

/** The minimal SQL executor pg-boss needs; satisfied by a Prisma transaction via `prismaExecutor`. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Anything with Prisma's $queryRawUnsafe: the client or an interactive transaction. */
export interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Lets pg-boss write its job row inside a Prisma transaction, so the job exists iff the row that caused it does. */
export function prismaExecutor(tx: RawQueryable): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      // pg-boss passes objects for jsonb parameters; serialise them ourselves so the adapter sends text.
      const params = values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...params) };
    },
  };
}

const globalForBoss: typeof globalThis & { inboxwatchBoss?: PgBoss } = globalThis;

/**
 * A pg-boss handle for enqueueing. Web processes never `start()` it (they do not work jobs); sends go
 * through the caller's transaction executor.
 */
export function getSender(connectionString = databaseEnv.read().DATABASE_URL): PgBoss {
  globalForBoss.inboxwatchBoss ??= new PgBoss({ connectionString, max: 2 });
  return globalForBoss.inboxwatchBoss;
}

/**
 * Validates the payload against the job's schema and enqueues it. With `tx`, the job commits or rolls
 * back with the caller's transaction.
 */
export async function sendJob<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: { tx?: RawQueryable; boss?: PgBoss; startAfterSeconds?: number } = {},
): Promise<string | null> {
  const def = JOBS[name];
  const data = def.schema.parse(payload) as object;
  const boss = options.boss ?? getSender();
  const singletonKey =
    "singletonKey" in def && typeof def.singletonKey === "function" ? (def.singletonKey as (p: unknown) => string)(data) : undefined;
  return boss.send(name, data, {
    ...(options.tx ? { db: prismaExecutor(options.tx) } : {}),
    ...(singletonKey ? { singletonKey } : {}),
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
  });
}

/** Creates (or updates) every queue with its options, and the cron schedules. Idempotent; run at worker boot. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  // A queue's dead-letter queue must exist before it: create those without one first.
  const defs = Object.values(JOBS).sort((a, b) => Number("deadLetter" in a.queue) - Number("deadLetter" in b.queue));
  for (const def of defs) {
    const options = {
      name: def.name,
      retryLimit: def.queue.retryLimit,
      retryDelay: def.queue.retryDelaySeconds,
      retryBackoff: def.queue.retryBackoff,
      expireInSeconds: def.queue.expireInSeconds,
      ...(def.queue.deadLetter ? { deadLetter: def.queue.deadLetter } : {}),
    };
    const existing = await boss.getQueue(def.name);
    if (existing) await boss.updateQueue(def.name, options);
    else await boss.createQueue(def.name, options);
  }
  for (const def of Object.values(JOBS)) {
    if ("cron" in def && def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  }
}

/**
 * pg-boss's schema and our queues, without working any job: lets a process enqueue before any worker has
 * started (the first boot's demo seed, the test template database).
 */
export async function prepareQueues(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, supervise: false, schedule: false, max: 2 });
  boss.on("error", (err) => console.error("[pg-boss]", err));
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export { PgBoss };
