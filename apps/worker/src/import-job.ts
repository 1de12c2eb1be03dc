/**
 * The analytics.import handler: runs the import in a child process with a capped heap (import-child.ts),
 * so a 100 MB CSV keeps its process under 250 MiB RSS and the worker's heap never holds the file's
 * garbage. The child inherits the worker's environment (DATABASE_URL, keys). A non-zero exit fails the
 * job with the child's message, so pg-boss retries it (runCsvImport is idempotent: a retry re-runs the
 * all-or-nothing transaction).
 */
import { spawn } from "node:child_process";
import path from "node:path";

/** V8 limits of the import process: measured in bench/analytics-import (peak 239 MiB RSS for 100 MB). */
export const IMPORT_CHILD_NODE_ARGS = ["--max-old-space-size=96", "--max-semi-space-size=2"] as const;
/** The child's stderr kept for the job's error: enough for a message, never a whole dump. */
const STDERR_MAX_CHARS = 2_000;

export async function runImportInChild(payload: { importId: string }): Promise<{ status: string; rowsImported: number }> {
  const child = spawn(
    process.execPath,
    [...IMPORT_CHILD_NODE_ARGS, "--import", "tsx", path.join(import.meta.dirname, "import-child.ts"), payload.importId],
    { stdio: ["ignore", "pipe", "pipe"] }, // the environment is inherited
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-STDERR_MAX_CHARS)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`The import process exited with ${code}: ${err.trim() || "no message"}`);
  const last = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as { status: string; rowsImported: number };
}
