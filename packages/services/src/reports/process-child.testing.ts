/**
 * A worker process in miniature for the kill test (worker-killed.test.ts): processes one raw report and
 * stops dead after its first batch of DMARC records is written inside the transaction, announcing
 * "batch written" on stdout, so the test's SIGKILL lands mid-transaction every time, not by luck of timing.
 * Run as `node --import tsx process-child.testing.ts <databaseUrl> <orgId> <rawReportId>`.
 */
import { createDb, type Db } from "@inboxwatch/db";

import { processRawReport } from "./process.ts";
import { systemContext } from "../context.ts";

const [url, orgId, rawReportId] = process.argv.slice(2);
if (!url || !orgId || !rawReportId) throw new Error("usage: process-child.testing.ts <databaseUrl> <orgId> <rawReportId>");
const db = createDb(url, { max: 2 }).$extends({
  query: {
    dmarcRecord: {
      async createMany({ args, query }) {
        await query(args);
        process.stdout.write("batch written\n");
        // Hang with the transaction open until the test kills the process.
        return new Promise<never>(() => undefined);
      },
    },
  },
}) as unknown as Db;
await processRawReport(systemContext(db, "test"), { orgId, rawReportId });
process.stdout.write("finished\n");
