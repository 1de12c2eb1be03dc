import { parseArgs } from "node:util";

import { type CliCommand, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch api <path> [--method GET|POST|PUT|PATCH|DELETE] [--data <json>] [--json]

Calls the Inboxwatch REST API (/api/v1) with an API key.
  INBOXWATCH_API_KEY   the key (Settings → API keys), required
  INBOXWATCH_API_URL   the server, default http://127.0.0.1:3000

Example: INBOXWATCH_API_KEY=iw_… inboxwatch api /organization`;

/** Keeps a slow or hung server from hanging scripts forever. */
const API_TIMEOUT_MS = 30_000;

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { method: { type: "string", default: "GET" }, data: { type: "string" }, json: { type: "boolean", default: false } },
    });
    const [rawPath] = positionals;
    if (!rawPath) throw new UsageError("Missing <path>");
    const key = io.env.INBOXWATCH_API_KEY;
    if (!key) throw new UsageError("INBOXWATCH_API_KEY is not set");
    const base = (io.env.INBOXWATCH_API_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
    const apiPath = rawPath.startsWith("/api/") ? rawPath : `/api/v1/${rawPath.replace(/^\/+/, "")}`;
    const res = await fetch(`${base}${apiPath}`, {
      method: values.method.toUpperCase(),
      headers: { authorization: `Bearer ${key}`, ...(values.data ? { "content-type": "application/json" } : {}) },
      body: values.data,
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
    const text = await res.text();
    if (values.json) {
      io.out(text);
    } else {
      let pretty = text;
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        /* not JSON: print as is */
      }
      io.out(`${res.status} ${res.statusText}\n${pretty}`);
    }
    return res.ok ? 0 : 1;
  },
};
