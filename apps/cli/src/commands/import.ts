import fs from "node:fs";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";

import { apiErrorMessage, callApi } from "../api-client.ts";
import { type CliCommand, type CliIo, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch import metadata|conversions <file.csv> [--no-wait] [--json]

Uploads a message-metadata or conversion CSV through the REST API (POST /api/v1/analytics/imports,
scope analytics.write), then waits for the worker to check every line and import it (all rows or none),
and prints the result, or the errors by line and column. Columns: see the Data imports page's templates.
  --no-wait            print the queued import and exit
  --json               print the final import as JSON
  INBOXWATCH_API_KEY   the key (Settings → API keys, with analytics.write), required
  INBOXWATCH_API_URL   the server, default http://127.0.0.1:3000

Exit status: 0 imported, 1 refused or failed (nothing imported), 2 usage error.`;

/** A large file takes a while to send: the upload gets its own, longer timeout than API calls. */
const UPLOAD_TIMEOUT_MS = 30 * 60_000;
/** Between two status polls while the worker runs the import. */
const POLL_INTERVAL_MS = 1_000;

interface ImportReply {
  id: string;
  status: "PENDING" | "RUNNING" | "IMPORTED" | "FAILED";
  fileName: string;
  rowsRead: number;
  rowsImported: number;
  errors: { line: number; column?: string; message: string }[];
  moreErrors: number;
}

async function upload(io: CliIo, kind: string, file: string): Promise<{ status: number; text: string }> {
  const key = io.env.INBOXWATCH_API_KEY;
  if (!key) throw new UsageError("INBOXWATCH_API_KEY is not set");
  const base = (io.env.INBOXWATCH_API_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const size = fs.statSync(file).size;
  const name = file.split(/[\\/]/).at(-1) ?? file;
  const query = new URLSearchParams({ kind, file_name: name });
  // Streamed from disk: a 200 MB file is never read into memory.
  const res = await fetch(`${base}/api/v1/analytics/imports?${query.toString()}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "text/csv", "content-length": String(size) },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>,
    duplex: "half",
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  } as RequestInit & { duplex: "half" });
  return { status: res.status, text: await res.text() };
}

function printErrors(io: CliIo, r: ImportReply): void {
  io.err(`Nothing imported from ${r.fileName}: ${r.errors.length + r.moreErrors} errors`);
  for (const e of r.errors) io.err(`  line ${e.line}${e.column ? `, ${e.column}` : ""}: ${e.message}`);
  if (r.moreErrors > 0) io.err(`  … and ${r.moreErrors} more`);
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { "no-wait": { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    });
    const [kind, file] = positionals;
    if (kind !== "metadata" && kind !== "conversions") throw new UsageError("Say what the file holds: metadata or conversions");
    if (!file) throw new UsageError("Name the CSV file");
    if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
    const sent = await upload(io, kind, file);
    if (sent.status !== 202) {
      io.err(apiErrorMessage({ status: sent.status, statusText: "", ok: false, text: sent.text }));
      return 1;
    }
    let r = JSON.parse(sent.text) as ImportReply;
    if (!values["no-wait"]) {
      io.err(`Uploaded ${r.fileName} (import ${r.id}); waiting for the worker…`);
      let lastRows = -1;
      while (r.status === "PENDING" || r.status === "RUNNING") {
        await new Promise((res) => setTimeout(res, POLL_INTERVAL_MS));
        const reply = await callApi(io.env, `/analytics/imports/${encodeURIComponent(r.id)}`);
        if (!reply.ok) {
          io.err(apiErrorMessage(reply));
          return 1;
        }
        r = JSON.parse(reply.text) as ImportReply;
        if (r.status === "RUNNING" && r.rowsRead !== lastRows) {
          lastRows = r.rowsRead;
          io.err(`  ${r.rowsRead.toLocaleString("en-US")} rows read`);
        }
      }
    }
    if (values.json) io.out(JSON.stringify(r, null, 2));
    if (r.status === "FAILED") {
      printErrors(io, r);
      return 1;
    }
    if (!values.json)
      io.out(
        r.status === "IMPORTED"
          ? `Imported ${r.rowsImported.toLocaleString("en-US")} rows from ${r.fileName}`
          : `Queued import ${r.id} (${r.status})`,
      );
    return 0;
  },
};
