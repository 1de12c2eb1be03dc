/**
 * Postfix bounce(8) reports. Postfix labels its own diagnostics "X-Postfix", but when the text quotes
 * the remote server ("host … refused to talk to me: 421 …", "… said: 550 …") the reply is an SMTP
 * reply and is read as one (Sisimai lhost/via-postfix.go reads these as SMTP diagnostics too).
 */
import { findReplyCode } from "../status.ts";
import { type Lhost } from "./types.ts";

export const postfix: Lhost = {
  name: "Postfix",
  detect: (mail) =>
    mail.subject.includes("Undelivered Mail Returned to Sender") ||
    mail.subject.includes("Delayed Mail (still being retried)") ||
    mail.human.includes("This is the mail system at host"),
  refine(_mail, drafts) {
    for (const d of drafts) {
      // smtp_proto.c: "host %s refused to talk to me: %s" is a rejected greeting, before any command.
      if (d.command === "" && d.diagnostic.includes(" refused to talk to me: ")) d.command = "CONN";
      if (d.diagnosticType !== "X-POSTFIX") continue;
      if (/ said: | refused to talk to me: /.test(d.diagnostic) && findReplyCode(d.diagnostic) !== "") d.diagnosticType = "SMTP";
    }
  },
};
