import fs from "node:fs";
import { parseArgs } from "node:util";

import { getLogFormat, LOG_FORMAT_NAMES, LogCorrelator, type DeliveryEvent } from "@inboxwatch/deliverability/logs";

import { type CliCommand, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch parse-log <file|-> [--format postfix|exim|sendgrid|mailgun|postmark|ses|json|auto] [--year N] [--json]

Parses an MTA log (Postfix, Exim) or ESP webhook events (NDJSON) and prints one classified event per
delivery attempt, then a summary: counts by status and category, unparsed lines. Gzip input is inflated.
  --json   one JSON object per line (NDJSON), the summary last as {"summary": …}
  --year   year for syslog timestamps without one (default: this year)`;

/** Inflating a gzip log stops here: a bigger input is refused rather than exhausting memory. */
const PARSE_LOG_MAX_INFLATED_BYTES = 2 * 1024 * 1024 * 1024;

function humanLine(e: DeliveryEvent): string {
  const code = [e.replyCode, e.enhancedCode].filter(Boolean).join(" ");
  const delay = e.delaySeconds === null ? "" : ` delay=${e.delaySeconds}s`;
  return `${e.time ?? "-"} ${e.queueId || "-"} ${e.sender || "<>"} -> ${e.recipient || "-"} ${e.status} ${e.category}${code ? ` (${code})` : ""} ${e.provider}${delay}`;
}

async function readInput(file: string, readStdin: () => Promise<Buffer>): Promise<Buffer> {
  const raw = file === "-" ? await readStdin() : fs.readFileSync(file);
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    const zlib = await import("node:zlib");
    return zlib.gunzipSync(raw, { maxOutputLength: PARSE_LOG_MAX_INFLATED_BYTES });
  }
  return raw;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string", default: "auto" }, json: { type: "boolean", default: false }, year: { type: "string" } },
    });
    const [file] = positionals;
    if (!file) throw new UsageError("Missing <file|->");
    const format = getLogFormat(values.format);
    if (!format) throw new UsageError(`Unknown --format ${values.format}; one of ${[...LOG_FORMAT_NAMES, "auto"].join(", ")}`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError("--year must be a number");
    if (file !== "-" && !fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);

    const correlator = new LogCorrelator({ format, year });
    const input = await readInput(file, () => io.readStdin());
    const events = [...correlator.write(input), ...correlator.end()];
    const stats = correlator.getStats();
    const summary = {
      lines: stats.lines,
      events: stats.events,
      byStatus: stats.byStatus,
      byCategory: stats.byCategory,
      unparsed: stats.unparsed,
      unparsedSample: stats.unparsedSample.slice(0, 5),
    };
    if (values.json) {
      const out = events.map((e) => JSON.stringify(e));
      out.push(JSON.stringify({ summary }));
      io.out(out.join("\n"));
    } else {
      if (events.length > 0) io.out(events.map(humanLine).join("\n"));
      const by = (r: Record<string, number>) =>
        Object.entries(r)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ") || "-";
      io.out(
        [
          "",
          `lines: ${stats.lines}  events: ${stats.events}  unparsed: ${stats.unparsed}`,
          `by status:   ${by(stats.byStatus)}`,
          `by category: ${by(stats.byCategory)}`,
          ...(stats.unparsed > 0 ? ["unparsed sample:", ...summary.unparsedSample.map((l) => `  ${l.slice(0, 160)}`)] : []),
        ].join("\n"),
      );
    }
    return 0;
  },
};
