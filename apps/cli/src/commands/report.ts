import fs from "node:fs";
import { parseArgs } from "node:util";

import { apiErrorMessage, callApi, callApiBytes } from "../api-client.ts";
import { type CliCommand, type CliIo, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch report render --period 2026-11|2026-W48 [--format pdf|html|json] [--audience leadership|ops|marketing]
                        [--org <slug>] [--domain d]… [--server id]… [--campaign c]… [--output file]
       inboxwatch report list [--json]
       inboxwatch report send <definition-id>

render   builds the deliverability report of a past month (2026-11) or ISO week (2026-W48), in the
         organization's time zone, through the REST API (GET /api/v1/report-render, scope reports.read),
         and writes it to standard output or --output: a PDF, the HTML page, or the figures as JSON.
         --org checks that the key belongs to that organization (a report of the wrong one is worse than none).
list     the organization's scheduled reports and when each is sent next
send     builds and sends a scheduled report now (scope reports.write) and prints the new edition's id
  INBOXWATCH_API_KEY   the key (Settings → API keys), required
  INBOXWATCH_API_URL   the server, default http://127.0.0.1:3000

Exit status: 0 done, 1 refused by the server, 2 usage error.`;

/** A monthly PDF is built on request (figures + Chromium): give it longer than an ordinary call. */
const RENDER_TIMEOUT_MS = 120_000;

async function checkOrg(io: CliIo, slug: string): Promise<boolean> {
  const reply = await callApi(io.env, "organization");
  if (!reply.ok) {
    io.err(apiErrorMessage(reply));
    return false;
  }
  const org = JSON.parse(reply.text) as { slug: string };
  if (org.slug !== slug) {
    io.err(`The API key belongs to organization "${org.slug}", not "${slug}"`);
    return false;
  }
  return true;
}

async function render(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      period: { type: "string" },
      format: { type: "string", default: "pdf" },
      audience: { type: "string", default: "leadership" },
      org: { type: "string" },
      domain: { type: "string", multiple: true },
      server: { type: "string", multiple: true },
      campaign: { type: "string", multiple: true },
      output: { type: "string", short: "o" },
    },
  });
  if (!values.period || !/^\d{4}-(\d{2}|W\d{2})$/.test(values.period))
    throw new UsageError("--period is a month (2026-11) or an ISO week (2026-W48)");
  if (!["pdf", "html", "json"].includes(values.format)) throw new UsageError("--format is pdf, html or json");
  if (!["leadership", "ops", "marketing"].includes(values.audience)) throw new UsageError("--audience is leadership, ops or marketing");
  if (values.org && !(await checkOrg(io, values.org))) return 1;
  const query = new URLSearchParams({ period: values.period, format: values.format, audience: values.audience });
  for (const d of values.domain ?? []) query.append("domain", d);
  for (const s of values.server ?? []) query.append("server", s);
  for (const c of values.campaign ?? []) query.append("campaign", c);
  const reply = await callApiBytes(io.env, `report-render?${query.toString()}`, { timeoutMs: RENDER_TIMEOUT_MS });
  if (!reply.ok) {
    io.err(apiErrorMessage({ ...reply, text: reply.bytes.toString("utf8") }));
    return 1;
  }
  if (values.output) {
    fs.writeFileSync(values.output, reply.bytes);
    io.err(`Wrote ${values.output} (${reply.bytes.length} bytes)`);
  } else {
    await io.outBytes(reply.bytes);
  }
  return 0;
}

interface DefinitionReply {
  id: string;
  name: string;
  cadence: string;
  audience: string;
  enabled: boolean;
  nextRunAt: string | null;
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const reply = await callApi(io.env, "report-definitions");
  if (!reply.ok) {
    io.err(apiErrorMessage(reply));
    return 1;
  }
  const { items } = JSON.parse(reply.text) as { items: DefinitionReply[] };
  if (values.json) {
    io.out(JSON.stringify(items, null, 2));
    return 0;
  }
  if (items.length === 0) {
    io.out("No scheduled reports yet (create one on the Scheduled reports page or with POST /api/v1/report-definitions).");
    return 0;
  }
  for (const d of items) {
    const next = d.enabled ? (d.nextRunAt ?? "—") : "paused";
    io.out(`${d.id}  ${d.name}  (${d.cadence}, ${d.audience})  next: ${next}`);
  }
  return 0;
}

async function send(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [id] = positionals;
  if (!id) throw new UsageError("Name the report definition to send (inboxwatch report list shows their ids)");
  const reply = await callApi(io.env, `report-definitions/${encodeURIComponent(id)}/send`, { method: "POST" });
  if (!reply.ok) {
    io.err(apiErrorMessage(reply));
    return 1;
  }
  const { editionId } = JSON.parse(reply.text) as { editionId: string };
  io.out(`Queued: edition ${editionId} (GET /api/v1/report-editions/${editionId} shows its status and deliveries)`);
  return 0;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const [verb, ...rest] = args;
    if (verb === "render") return render(rest, io);
    if (verb === "list") return list(rest, io);
    if (verb === "send") return send(rest, io);
    throw new UsageError("Say what to do: render, list or send");
  },
};
