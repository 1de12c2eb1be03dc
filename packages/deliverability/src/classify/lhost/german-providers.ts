/**
 * GMX and 1&1 (United Internet) bounces: Exim-like notices ending at "--- The header of the original
 * message is following. ---", each with its own way of marking addresses and reasons (Sisimai
 * lhost/via-gmx.go, via-einsundeins.go).
 */
import { findCommand } from "../smtp-command.ts";
import { findEnhancedCode } from "../status.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const START = "This message was created automatically by mail delivery software";
const ORIGINAL = ["--- The header of the original message is following. ---"];
const REASON_LINE = "For the following reason:";
const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();
const cleanAddress = (s: string) => s.replace(/^[\s"<]+|[\s">:]+$/g, "").toLowerCase();

/** The lines after START, or undefined without it. */
function linesAfterStart(text: string): string[] | undefined {
  const body = beforeAny(text, ORIGINAL);
  const at = body.indexOf(START);
  return at < 0
    ? undefined
    : body
        .slice(at)
        .split("\n")
        .slice(1)
        .map((l) => l.trimEnd());
}

/** GMX (X-GMX-Antispam): '"addr":' then "SMTP error from remote server after RCPT command:", "host: …", the reply. */
export const gmx: Lhost = {
  name: "GMX",
  detect: (mail) => mail.header("x-gmx-antispam") !== "",
  parse(mail) {
    const lines = linesAfterStart(mail.text);
    if (!lines) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const line of lines) {
      if (line === "") continue;
      if (line.indexOf("@") > 1 && (line.startsWith('"') || line.startsWith("<"))) {
        current = emptyDraft(cleanAddress(line));
        drafts.push(current);
      } else if (!current) {
        continue;
      } else if (line.startsWith("SMTP error ")) {
        current.command = findCommand(line);
      } else if (line.startsWith("host: ")) {
        current.remoteMta = line.slice(6).trim();
      } else {
        current.diagnostic = squeeze(`${current.diagnostic} ${line}`);
      }
    }
    for (const d of drafts) if (d.diagnostic.includes("delivery retry timeout exceeded")) d.reason = "expired";
    return drafts.length > 0 ? drafts : undefined;
  },
};

/** 1&1: the address alone on a line, then "For the following reason:" and the reason. */
export const einsUndEins: Lhost = {
  name: "EinsUndEins",
  // Sisimai tells 1&1 from Exim by the quotes around "Mail Delivery System" in the raw From:, which
  // the MIME parser does not keep; 1&1's own "For the following reason:" line stands in for them.
  detect: (mail) =>
    mail.from.startsWith('"Mail Delivery System"') &&
    mail.subject === "Mail delivery failed: returning message to sender" &&
    mail.text.includes(REASON_LINE),
  parse(mail) {
    const lines = linesAfterStart(mail.text);
    if (!lines) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    let other = "";
    for (const line of lines) {
      if (line === "") continue;
      const trimmed = line.trim();
      if (/@.*\./.test(trimmed) && (trimmed.endsWith(":") || !trimmed.includes(" "))) {
        current = emptyDraft(cleanAddress(trimmed));
        drafts.push(current);
      } else if (current && trimmed.startsWith(REASON_LINE)) {
        current.diagnostic = trimmed;
      } else if (current && current.diagnostic !== "") {
        current.diagnostic += ` ${trimmed}`;
      } else {
        // "neko@example.fr:" then "SMTP error from remote server for TEXT command, host: … reason: 550 …"
        other += ` ${trimmed}`;
      }
    }
    for (const d of drafts) {
      if (d.diagnostic === "") d.diagnostic = other;
      d.command = findCommand(d.diagnostic);
      if (/host: .* reason:/.test(d.diagnostic)) {
        d.status = findEnhancedCode(d.diagnostic);
        if (d.diagnostic.includes("for TEXT command")) d.command = "DATA";
        if (d.diagnostic.includes("SMTP error")) d.diagnosticType = "SMTP";
      }
      d.diagnostic = squeeze(d.diagnostic);
      if (d.diagnostic.includes("Mail size limit exceeded")) d.reason = "mesgtoobig";
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
