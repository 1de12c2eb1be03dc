/** The log formats by name; "auto" tries each per line. Add a format by adding its plug-in here. */
import { espJsonFormat, mailgunFormat, postmarkFormat, sendgridFormat, sesFormat, sparkpostFormat } from "./esp-json.ts";
import { eximFormat } from "./exim.ts";
import { postfixFormat } from "./postfix.ts";
import { type LineRecord, type LogFormat, type ParseContext } from "./types.ts";

export const LOG_FORMAT_NAMES = ["postfix", "exim", "sendgrid", "mailgun", "postmark", "ses", "sparkpost", "json"] as const;

export const LOG_FORMATS: Readonly<Record<(typeof LOG_FORMAT_NAMES)[number], LogFormat>> = {
  postfix: postfixFormat,
  exim: eximFormat,
  sendgrid: sendgridFormat,
  mailgun: mailgunFormat,
  postmark: postmarkFormat,
  ses: sesFormat,
  sparkpost: sparkpostFormat,
  json: espJsonFormat,
};

const AUTO_ORDER = [postfixFormat, eximFormat, espJsonFormat];

export const autoFormat: LogFormat = {
  name: "auto",
  // Only the Postfix prefilter: a line it skips is a Postfix line, so no other format would take it.
  skipBytes: postfixFormat.skipBytes,
  parseLine(line: string, ctx: ParseContext): LineRecord | null {
    for (const f of AUTO_ORDER) {
      const r = f.parseLine(line, ctx);
      if (r) return r;
    }
    return null;
  },
};

export function getLogFormat(name: string): LogFormat | undefined {
  if (name === "auto") return autoFormat;
  return (LOG_FORMAT_NAMES as readonly string[]).includes(name) ? LOG_FORMATS[name as (typeof LOG_FORMAT_NAMES)[number]] : undefined;
}
