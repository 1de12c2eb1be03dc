/**
 * Test databases. The vitest global setup migrates one template database per run; each test file then
 * gets its own copy (CREATE DATABASE … TEMPLATE is a file copy, ~100 ms), so files never see each
 * other's rows and can run in parallel.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

import { createDb, type Db } from "./client.ts";

export const TEMPLATE_DB = "inboxwatch_template";

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL;
  if (!url) throw new Error("TEST_DATABASE_SERVER_URL is not set: run tests through vitest (its global setup starts PostgreSQL)");
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl(), "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name} template ${TEMPLATE_DB}`));
  const url = withDatabase(serverUrl(), name);
  const db = createDb(url, { max: 5 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export { withDatabase };
