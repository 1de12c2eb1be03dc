import fs from "node:fs";
import { parseArgs } from "node:util";

import { classifyReply, parseBounce, type Classification } from "@inboxwatch/deliverability/classify";

import { type CliCommand, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch classify <file.eml|-> [--json]
       inboxwatch classify --reply "550 5.1.1 <x@y>: user unknown" [--json]

Parses a bounce / DSN mail and prints, per failed recipient, the address, SMTP reply code, enhanced
status code, category, reason and hard/soft class; or classifies one SMTP reply.
Exit code 1 when the mail is not a bounce.`;

function line(address: string, c: Classification): string {
  return `${address || "-"}  ${c.replyCode || "---"} ${c.enhancedCode || "-"}  ${c.category} (${c.reason})  ${c.severity} / ${c.class}`;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { reply: { type: "string" }, json: { type: "boolean", default: false } },
    });
    if (values.reply !== undefined) {
      if (positionals.length > 0) throw new UsageError("Give either a file or --reply, not both");
      const c = classifyReply(values.reply);
      io.out(values.json ? JSON.stringify(c) : line("", c));
      return 0;
    }
    const [file] = positionals;
    if (!file) throw new UsageError("Missing <file.eml|-> or --reply");
    if (file !== "-" && !fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
    const raw = file === "-" ? await io.readStdin() : fs.readFileSync(file);
    const report = await parseBounce(raw);
    if (values.json) io.out(JSON.stringify(report));
    else if (report.recipients.length === 0) io.out("not a bounce: no failed recipients found");
    else io.out([`format: ${report.format}`, ...report.recipients.map((r) => line(r.address, r))].join("\n"));
    return report.isBounce ? 0 : 1;
  },
};
