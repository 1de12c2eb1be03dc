import { parseArgs } from "node:util";

import { callApi } from "../api-client.ts";
import { type CliCommand, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch api <path> [--method GET|POST|PUT|PATCH|DELETE] [--data <json>] [--json]

Calls the Inboxwatch REST API (/api/v1) with an API key.
  INBOXWATCH_API_KEY   the key (Settings → API keys), required
  INBOXWATCH_API_URL   the server, default http://127.0.0.1:3000

Example: INBOXWATCH_API_KEY=iw_… inboxwatch api /organization`;

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
    const res = await callApi(io.env, rawPath, { method: values.method, body: values.data });
    const text = res.text;
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
