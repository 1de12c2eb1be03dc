/**
 * The real worker (startWorker: pg-boss, every queue, job leases) on a database client that hangs in the
 * middle of two batches, for worker-killed.test.ts: a log batch once its events and rollups are written
 * inside its transaction (at the statement that marks it processed), and a report batch at the first insert of
 * its large report, after its small reports were stored and committed. Each hang prints "hung <where>" on
 * stdout and waits there, transaction open, for the test's SIGKILL.
 * Run as `node --import tsx worker-child.testing.ts <databaseUrl>`.
 */
import { createDb, type Db } from "@inboxwatch/db";

import { startWorker } from "./worker.ts";

const [url] = process.argv.slice(2);
if (!url) throw new Error("usage: worker-child.testing.ts <databaseUrl>");

const hang = (where: string) => {
  process.stdout.write(`hung ${where}\n`);
  return new Promise<never>(() => undefined);
};

const db = createDb(url, { max: 6 }).$extends({
  query: {
    // processLogBatch marks its batch processed (and saves the correlator state) in one raw statement.
    async $executeRaw({ args, query }) {
      const sql = JSON.stringify(args);
      if (sql.includes("RawLogBatch") && sql.includes("'PROCESSED'")) return hang("ingest.process-batch");
      return (await query(args)) as number;
    },
    rawLogBatch: {
      async update() {
        return hang("ingest.process-batch");
      },
    },
    dmarcRecord: {
      async createMany() {
        return hang("reports.process");
      },
    },
  },
}) as unknown as Db;

await startWorker({ db, databaseUrl: url, healthPort: 0, concurrency: 1, log: () => {} });
process.stdout.write("worker started\n");
