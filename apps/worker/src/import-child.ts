/**
 * One CSV import (analytics.import) in a process of its own, started by the worker with a small V8 heap:
 * the import holds ~50 MiB of live data, but a default heap lets garbage of a 100 MB file pile up to
 * ~550 MiB RSS before V8 collects it (bench/analytics-import). In a child capped at IMPORT_CHILD_NODE_ARGS
 * the import stays under the 250 MiB the issue sets, and the worker's own heap is not touched.
 *
 * Usage (by import-job.ts): node <IMPORT_CHILD_NODE_ARGS> --import tsx import-child.ts <importId>
 * Prints one JSON line { status, rowsImported } and exits 0; a failure exits 1 with the message on stderr.
 */
import { createDb } from "@inboxwatch/db";
import { databaseEnv } from "@inboxwatch/env";
import { forOrg, systemContext } from "@inboxwatch/services";
import { importOrgId, runCsvImport } from "@inboxwatch/services/analytics-imports";

const importId = process.argv[2] ?? "";
const db = createDb(databaseEnv.read().DATABASE_URL, { max: 2 });
try {
  const ctx = systemContext(db, "analytics import");
  const orgId = await importOrgId(ctx, { importId });
  if (!orgId) {
    process.stdout.write(`${JSON.stringify({ status: "skipped", rowsImported: 0 })}\n`);
  } else {
    const done = await runCsvImport(forOrg(ctx, orgId), { importId });
    process.stdout.write(`${JSON.stringify({ status: done.status, rowsImported: done.rowsImported })}\n`);
  }
  await db.$disconnect();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  await db.$disconnect().catch(() => undefined);
  process.exit(1);
}
