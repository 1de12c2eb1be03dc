/**
 * Postfix bounce(8) reports and smtpd(8) postmaster notices (Sisimai lhost/via-postfix.go).
 *
 * - Postfix labels its diagnostics "X-Postfix", whether it quotes the remote server ("host … said:
 *   550 …") or speaks for itself; Sisimai reads every one as an SMTP diagnostic, so the reply rules run.
 * - The human part says which command the server answered ("(in reply to RCPT TO command)"); the first
 *   one named there holds for every recipient, else a command named in the diagnostic, else a refused
 *   greeting ("refused to talk to me:").
 * - "Subject: Postfix SMTP server: errors from …" notices carry no DSN: the recipients, replies and
 *   codes come from the "In:"/"Out:" session transcript (smtpd_chat.c).
 */
import { findCommand } from "../smtp-command.ts";
import { findEnhancedCode, findReplyCode } from "../status.ts";
import { emptyDraft, type Draft, type Lhost } from "./types.ts";

/** smtpd_chat.c: "Subject: %s SMTP server: errors from %s". */
const ERRORS_FROM = "SMTP server: errors from ";
/** smtp_proto.c: "(in reply to %s command)" after the server's reply. */
const IN_REPLY_TO_RE = /\(in reply to ([^)]{1,40}?) command\)/i;
/** The lowest reply code that reports a failure (RFC 5321 §4.2.1: 4yz transient, 5yz permanent). */
const FAILURE_REPLY_MIN = 400;

/** smtpd's transcript: "In:  RCPT TO:<a@b>" (client) and "Out: 550 5.1.1 …" (server) lines. */
function draftsFromTranscript(text: string): Draft[] | undefined {
  const drafts: Draft[] = [];
  let current = emptyDraft("");
  let command = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const sent = /^In:\s+(\S+)(?:\s+(.*))?$/i.exec(line);
    if (sent) {
      command = (sent[1] ?? "").toUpperCase();
      if (command === "RCPT") {
        const address = /<([^<>\s]+@[^<>\s]+)>/.exec(sent[2] ?? "")?.[1]?.toLowerCase();
        if (!address) continue;
        if (current.address !== "") current = emptyDraft("");
        current.address = address;
        drafts.push(current);
      }
      continue;
    }
    const reply = /^Out:\s+(.*)$/i.exec(line)?.[1];
    if (reply === undefined) continue;
    const code = Number(findReplyCode(reply));
    if (!(code >= FAILURE_REPLY_MIN) || current.address === "") continue;
    if (current.diagnostic === "") current.diagnostic = reply;
    if (current.command === "") current.command = command;
    if (current.status === "") current.status = findEnhancedCode(reply);
  }
  return drafts.length > 0 ? drafts : undefined;
}

export const postfix: Lhost = {
  name: "Postfix",
  detect: (mail) =>
    mail.subject.includes("Undelivered Mail Returned to Sender") ||
    mail.subject.includes("Delayed Mail (still being retried)") ||
    mail.subject.includes(ERRORS_FROM) ||
    mail.human.includes("This is the mail system at host"),
  parse: (mail) => (mail.subject.includes(ERRORS_FROM) ? draftsFromTranscript(mail.text) : undefined),
  refine(mail, drafts) {
    // The prose wraps "(in reply to end of" / "DATA command)" across lines: read it unwrapped.
    const inReplyTo = IN_REPLY_TO_RE.exec(mail.human.replace(/\s+/g, " "))?.[1] ?? "";
    const named = findCommand(inReplyTo.toUpperCase());
    for (const d of drafts) {
      if (d.diagnosticType === "X-POSTFIX") d.diagnosticType = "SMTP";
      if (named !== "") d.command = named;
      else if (d.command === "") d.command = findCommand(d.diagnostic);
      // smtp_proto.c: "host %s refused to talk to me: %s" is a rejected greeting, before any command.
      if (d.command === "" && d.diagnostic.includes(" refused to talk to me: ")) d.command = "CONN";
    }
  },
};
