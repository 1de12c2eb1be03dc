/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own transaction, under an
 * advisory lock so that concurrent starters (web, worker, test workers) cannot race. Applied migrations
 * are recorded in Prisma's own `_prisma_migrations` table with Prisma's checksum (sha256 hex of the file),
 * so `prisma migrate status/deploy` can take over wherever Prisma's engine is available.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import pg from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));
/** Arbitrary but fixed: one lock id for "schema migration in progress". */
const MIGRATION_LOCK_ID = 727_310_001;

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await client.query(`create table if not exists "_prisma_migrations" (
      "id" varchar(36) primary key, "checksum" varchar(64) not null, "finished_at" timestamptz,
      "migration_name" varchar(255) not null, "logs" text, "rolled_back_at" timestamptz,
      "started_at" timestamptz not null default now(), "applied_steps_count" integer not null default 0)`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `select migration_name, checksum from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`,
    );
    const appliedByName = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrationResult = { applied: [], skipped: 0 };
    for (const m of listMigrations(dir)) {
      const previous = appliedByName.get(m.name);
      if (previous !== undefined) {
        // An edited migration that already ran would silently diverge from the schema: refuse loudly.
        if (previous !== m.checksum) throw new Error(`Migration ${m.name} was modified after it was applied`);
        result.skipped++;
        continue;
      }
      await client.query("begin");
      try {
        await client.query(m.sql);
        await client.query(
          `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           values ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("commit");
        result.applied.push(m.name);
      } catch (err) {
        await client.query("rollback");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    return result;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}
