/**
 * Bounce formats whose generator nobody has identified, named X1, X3 and X6 by Sisimai (lhost/via-x1.go,
 * via-x3.go, via-x6.go). Each has a fixed opening line and a fixed way of listing the failed addresses; the text
 * around an address is its explanation. (X2, recognised by any MAILER-DAEMON@ sender, was tried and
 * left out: it took over reports the generic reader classified correctly.)
 */
import { findCommand } from "../smtp-command.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

/** Reads lines after `start`; `recipientOf` names the address a line opens, else the line explains. */
function readBlocks(body: string, start: string, recipientOf: (line: string) => string | undefined): Draft[] | undefined {
  const at = body.indexOf(start);
  if (at < 0) return undefined;
  const drafts: Draft[] = [];
  let current: Draft = emptyDraft("");
  for (const raw of body.slice(at).split("\n")) {
    const line = raw.trimEnd();
    if (line === "") continue;
    const address = recipientOf(line);
    if (address) {
      if (current.address !== "") current = emptyDraft("");
      if (!drafts.includes(current)) drafts.push(current);
      current.address = address.toLowerCase();
    }
    current.diagnostic += ` ${line}`;
  }
  for (const d of drafts) d.diagnostic = squeeze(d.diagnostic);
  return drafts.length > 0 ? drafts : undefined;
}

/** X1: "kijitora@example.co.jp [User unknown]" lines after "The original message was received at". */
export const x1: Lhost = {
  name: "X1",
  detect: (mail) =>
    mail.subject.startsWith("Returned Mail: ") ||
    mail.subject.startsWith("Mail Delivery Failure") ||
    /"Mail Deliver.*System" /.test(mail.from),
  parse: (mail) =>
    readBlocks(
      beforeAny(mail.text, ["Content-Type: message/rfc822", "Received: from "]),
      "The original message was received at ",
      (line) => /^(\S+@\S+\.\S+) \[[^\]]*\]/.exec(line)?.[1],
    ),
};

/** X3: "  * kijitora@example.com" then "SMTP:RCPT host …: 553 …" under "Technical details". */
export const x3: Lhost = {
  name: "X3",
  detect: (mail) => mail.from.startsWith("Mail Delivery System") && mail.subject.startsWith("Delivery status notification"),
  parse(mail) {
    const body = beforeAny(mail.text, ["Content-Type: message/rfc822"]);
    const start = body.indexOf("This is an automatically generated Delivery Status Notification.");
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of body.slice(start).split("\n")) {
      const line = raw.trimEnd();
      const address = /^ {2}\* (\S+@\S+\.\S+)$/.exec(line)?.[1];
      if (address) {
        current = emptyDraft(address.toLowerCase());
        drafts.push(current);
      } else if (current && line.startsWith("SMTP:")) {
        // "SMTP:RCPT host 192.0.2.8: 553 5.3.0 <…>... No such user here"
        current.command = findCommand(line.slice(4, 10));
        current.diagnosticType = "SMTP";
        current.diagnostic = squeeze(`${current.diagnostic} ${line}`);
      } else if (current && line.startsWith("Routing: ")) {
        current.diagnostic = squeeze(`${current.diagnostic} ${line}`);
      }
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};

/** X6: "SMTP Server <host> rejected recipient <addr> (Error following RCPT command). It responded as follows: […]". */
export const x6: Lhost = {
  name: "X6",
  detect: (mail) => mail.subject.startsWith("There was an error sending your mail"),
  parse(mail) {
    const body = beforeAny(mail.text, ["The attachment contains the original mail headers"]);
    const start = body.indexOf("We had trouble delivering your message. Full details follow:");
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of body.slice(start).split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      const permanent = line.startsWith("The following recipients returned permanent errors: ");
      if (permanent || line.startsWith("SMTP Server <")) {
        const tail = permanent ? line.slice(line.indexOf(": ") + 2) : line.slice(line.lastIndexOf(" <"));
        const address = /<?([^\s<>@"(),;:]+@[A-Za-z0-9.-]+[A-Za-z0-9])>?/.exec(tail)?.[1]?.toLowerCase();
        if (!address) continue;
        current = { ...emptyDraft(address), diagnostic: line };
        drafts.push(current);
      } else if (current && !line.startsWith("Date: ") && !line.startsWith("Subject: ")) {
        // "(Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]"
        current.diagnostic = squeeze(`${current.diagnostic} ${line}`);
      }
    }
    for (const d of drafts) d.command = findCommand(d.diagnostic);
    return drafts.length > 0 ? drafts : undefined;
  },
};
