/**
 * Starts one PostgreSQL for the whole test run (embedded, unless DATABASE_URL names a server), migrates a
 * template database, and hands its server URL to the test workers. Each test file then clones the template
 * (packages/db/src/testing.ts).
 */
import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { prepareQueues } from "../packages/jobs/src/index.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../packages/db/src/embedded-postgres.ts";
import { migrate } from "../packages/db/src/migrate.ts";
import { TEMPLATE_DB, withDatabase } from "../packages/db/src/testing.ts";

let server: EmbeddedPostgres | undefined;
let dataDir: string | undefined;

function sweepDeadRunDirs(): void {
  const base = path.resolve(".data");
  if (!fs.existsSync(base)) return;
  for (const name of fs.readdirSync(base)) {
    const pid = /^pg-test-(\d+)$/.exec(name)?.[1];
    if (!pid) continue;
    try {
      process.kill(Number(pid), 0);
    } catch {
      fs.rmSync(path.join(base, name), { recursive: true, force: true });
    }
  }
}

export async function setup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // One data directory per run: several vitest runs (people, CI, editors) may share a checkout, and a
    // run must never stop another's server. Directories of runs that died are swept first.
    sweepDeadRunDirs();
    dataDir = path.resolve(`.data/pg-test-${process.pid}`);
    server = await startEmbeddedPostgres({
      dataDir,
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
  await prepareQueues(withDatabase(serverUrl, TEMPLATE_DB));
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
