/**
 * Sendmail (V8, Sentrion): an RFC 3464 report whose human part carries the session transcript
 * (savemail.c "----- Transcript of session follows -----": "... while talking to host:", ">>> command",
 * "<<< reply"). The transcript says what the DSN fields do not: which command the server answered and
 * its exact words (Sisimai lhost/via-sendmail.go).
 *
 * - With one recipient, the server's replies ("<<< ") are put before the Diagnostic-Code, so the
 *   classifier reads what the remote said and not only Sendmail's summary ("Service unavailable").
 * - The command is the first ">>> " line's, else one named in the diagnostic; a transcript with replies
 *   but no command line means the server refused the connection or its greeting (EHLO), which Sisimai
 *   reads as a block of the sending host.
 * - A status in the transcript ("554 5.3.0 unknown mailer error") stands in for an invalid Status field.
 */
import { findCommand } from "../smtp-command.ts";
import { findEnhancedCode, findReplyCode, isEnhancedCode } from "../status.ts";
import { type Lhost } from "./types.ts";

const TRANSCRIPT = "   ----- Transcript of session follows -----";
const TALKING_TO = "... while talking to ";
/** Where the transcript ends: the DSN fields or the returned message. */
const END_RE = /^(?:Reporting-MTA|Final-Recipient|Original-Recipient|Content-Type):/i;
const HAS_RECIPIENT_FIELD_RE = /^Final-Recipient:/im;
const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

interface Transcript {
  command: string;
  replies: string[];
  status: string;
  diagnostic: string;
}

/** Reads the transcript block the way via-sendmail.go does; undefined without one. */
function readTranscript(text: string): Transcript | undefined {
  const start = text.indexOf(TRANSCRIPT);
  if (start < 0) return undefined;
  const t: Transcript = { command: "", replies: [], status: "", diagnostic: "" };
  let sessionError = false;
  for (const raw of text.slice(start + TRANSCRIPT.length).split("\n")) {
    const line = raw.trimEnd();
    if (END_RE.test(line)) break;
    if (line === "" || line.startsWith(" ")) continue;
    if (line.startsWith(">>> ")) {
      if (t.command === "") t.command = findCommand(line);
    } else if (line.startsWith("<<< ")) {
      const reply = line.slice(4);
      if (!t.replies.includes(reply)) t.replies.push(reply);
    } else if (!sessionError) {
      if (line.startsWith(TALKING_TO)) {
        sessionError = true;
      } else if (/^<[^<>\s]*@[^<>\s]*>\.* /.test(line)) {
        // "<kijitora@example.co.jp>... Deferred: Name server: example.co.jp.: host name lookup failure"
        t.diagnostic = line.slice(line.indexOf(" ") + 1);
      } else if ((findReplyCode(line) + findEnhancedCode(line)).length > 7) {
        // "554 5.3.0 unknown mailer error 255"
        t.status = findEnhancedCode(line);
        t.diagnostic += ` ${line}`;
      } else if (line.startsWith("Message: ") || line.startsWith("Warning: ")) {
        t.diagnostic += ` ${line}`;
      }
    }
  }
  return t;
}

export const sendmail: Lhost = {
  name: "Sendmail",
  // Sisimai takes a Sendmail report only when it has Final-Recipient fields; without them it is V5's.
  detect: (mail) =>
    mail.header("x-aol-ip") === "" &&
    (mail.subject.startsWith("Warning: ") || mail.subject.endsWith("see transcript for details")) &&
    HAS_RECIPIENT_FIELD_RE.test(mail.text),
  refine(mail, drafts) {
    const t = readTranscript(mail.text);
    if (!t) return;
    const other = squeeze(t.diagnostic);
    for (const d of drafts) {
      if (other !== "" && (d.diagnostic.trim() === "" || /^\d+$/.test(d.diagnostic.trim()))) d.diagnostic = other;
      if (t.replies.length > 0 && drafts.length === 1) d.diagnostic = `${t.replies.join(" ")} ${d.diagnostic}`;
      d.diagnostic = squeeze(d.diagnostic);
      d.command = t.command || findCommand(d.diagnostic) || (t.replies.length > 0 ? "EHLO" : "");
      if (t.status !== "" && !isEnhancedCode(d.status)) d.status = t.status;
    }
  },
};
