/**
 * Starts one PostgreSQL for the whole test run (embedded, unless DATABASE_URL names a server), migrates a
 * template database, and hands its server URL to the test workers. Each test file then clones the template
 * (packages/db/src/testing.ts).
 */
import path from "node:path";

import pg from "pg";

import { ensureQueues, PgBoss } from "../packages/jobs/src/index.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../packages/db/src/embedded-postgres.ts";
import { migrate } from "../packages/db/src/migrate.ts";
import { TEMPLATE_DB, withDatabase } from "../packages/db/src/testing.ts";

let server: EmbeddedPostgres | undefined;

export async function setup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    server = await startEmbeddedPostgres({
      dataDir: path.resolve(".data/pg-test"),
      port: 0,
      ephemeral: true,
    });
    serverUrl = server.url("postgres");
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  // Databases left by an interrupted run would pile up; they hold nothing worth keeping.
  const stale = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 't\\_%'`);
  for (const { datname } of stale.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  await migrate(withDatabase(serverUrl, TEMPLATE_DB));
  // pg-boss's schema and our queues live in the template too, so every test database can enqueue.
  const boss = new PgBoss({ connectionString: withDatabase(serverUrl, TEMPLATE_DB), supervise: false, schedule: false });
  boss.on("error", (err) => console.error("[pg-boss]", err));
  await boss.start();
  await ensureQueues(boss);
  await boss.stop({ graceful: false, wait: true });
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
