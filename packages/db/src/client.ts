import { PrismaPg } from "@prisma/adapter-pg";

import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { inboxwatchDb?: Db };

/**
 * The process-wide client for DATABASE_URL. Kept on globalThis so Next's dev reloads and tests that
 * import modules twice share one pool.
 */
export function getDb(): Db {
  if (!globalForDb.inboxwatchDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForDb.inboxwatchDb = createDb(url);
  }
  return globalForDb.inboxwatchDb;
}

/** Points getDb() at a given client (tests, scripts). */
export function setDb(db: Db): void {
  globalForDb.inboxwatchDb = db;
}
