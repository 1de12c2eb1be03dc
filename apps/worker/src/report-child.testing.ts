/**
 * The real worker (startWorker: pg-boss, every queue, job leases) in a child process, for the report
 * delivery fault test (scheduled-reports-killed.test.ts), which SIGKILLs it while it is sending a report.
 * SMTP_URL and the rest come from the environment the test passes down.
 * Run as `node --import tsx report-child.testing.ts <databaseUrl>`.
 */
import { createDb } from "@inboxwatch/db";

import { startWorker } from "./worker.ts";

const [url] = process.argv.slice(2);
if (!url) throw new Error("usage: report-child.testing.ts <databaseUrl>");

await startWorker({ db: createDb(url, { max: 6 }), databaseUrl: url, healthPort: 0, concurrency: 1, log: () => {} });
process.stdout.write("worker started\n");
