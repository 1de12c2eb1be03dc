/**
 * Sendmail version 5 and its relatives (savemail.c): no RFC 3464 part, a session transcript under
 * "----- Transcript of session follows -----", the message after "----- Unsent message follows -----".
 * Each "NNN <addr>... reason" line names a failed recipient; the ">>> command" / "<<< reply" lines
 * before it belong to that recipient, so a recipient refused because the server rejected MAIL FROM
 * carries that reply (Sisimai lhost/via-v5sendmail.go).
 */
import { findCommand } from "../smtp-command.ts";
import { emptyDraft, type Draft, type Lhost } from "./types.ts";

const TRANSCRIPT = "----- Transcript of session follows -----";
const UNSENT = ["   ----- Unsent message follows -----", "  ----- No message was collected -----"];
/** savemail.c: each remote host's part of the transcript starts with this. */
const TALKING_TO = "While talking to ";
/** "550 <kijitora@example.org>... User unknown": the recipient's own line. */
const RECIPIENT_LINE_RE = / <([^<>\s]+@[^<>\s]+)>\.\.\./;
/** ">>> RCPT To:<addr>": the command that names a recipient. */
const RCPT_LINE_RE = />>> RCPT TO:\s*<([^<>\s]+@[^<>\s]+)>/i;
const ADDRESS_RE = /<?([^\s<>@"(),;:]+@[A-Za-z0-9.-]+[A-Za-z0-9])>?/;
const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

export const v5sendmail: Lhost = {
  name: "V5sendmail",
  detect: (mail) =>
    mail.subject.startsWith("Returned mail: ") &&
    mail.text.includes(TRANSCRIPT) &&
    UNSENT.some((b) => mail.text.includes(b)) &&
    !/^Final-Recipient:/im.test(mail.text),
  parse(mail) {
    const cut = Math.min(...UNSENT.map((b) => mail.text.indexOf(b)).filter((i) => i >= 0));
    const head = mail.text.slice(0, cut);
    const start = head.indexOf(TRANSCRIPT);
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    /** Lines that name no recipient, by the number of recipients seen when they appeared. */
    const other = new Map<number, string>();
    let current: Draft = emptyDraft("");
    let remoteHost = "";
    let lastCommand = "";
    const keepOther = (line: string) => other.set(drafts.length, `${other.get(drafts.length) ?? ""} ${line}`);
    for (const raw of head.slice(start + TRANSCRIPT.length).split("\n")) {
      const line = raw.trimEnd();
      if (line === "") continue;
      if (line.startsWith(">>> ")) lastCommand = findCommand(line.slice(4));
      const named = RECIPIENT_LINE_RE.exec(line)?.[1] ?? RCPT_LINE_RE.exec(line)?.[1];
      if (named) {
        // Lines before the first "While talking to" are about no host in particular.
        if (remoteHost === "") {
          keepOther(line);
          continue;
        }
        const address = named.toLowerCase();
        if (address === current.address || (lastCommand === "MAIL" && line.startsWith("<<< "))) {
          // The same recipient again, or the server's reply to MAIL FROM (it names the sender).
          current.diagnostic += ` ${line}`;
          lastCommand = "";
        } else {
          if (current.address !== "") current = emptyDraft("");
          if (!drafts.includes(current)) drafts.push(current);
          current.address = address;
          current.remoteMta = remoteHost;
          current.diagnostic += ` ${line}`;
          if (current.command === "") current.command = lastCommand;
        }
      } else if (line.includes(TALKING_TO)) {
        remoteHost = /While talking to ([A-Za-z0-9.-]+[A-Za-z0-9])/.exec(line)?.[1] ?? remoteHost;
      } else if (line.startsWith(">>> ") || line.startsWith("<<< ")) {
        current.diagnostic += ` ${line}`;
      } else {
        keepOther(line);
      }
    }
    if (drafts.length === 0) {
      // No "<addr>..." line at all: an address in the other lines, else the unsent message's To:.
      const text = [...other.values()].join(" ");
      const address =
        ADDRESS_RE.exec(text)?.[1] ?? /^To:[ \t]*(?:.*<)?([^\s<>@"]+@[A-Za-z0-9.-]+[A-Za-z0-9])/im.exec(mail.text.slice(cut))?.[1];
      if (!address) return undefined;
      drafts.push({ ...emptyDraft(address.toLowerCase()), diagnostic: ADDRESS_RE.test(text) ? text : current.diagnostic });
    }
    drafts.forEach((d, i) => {
      if (d.diagnostic.trim() === "") d.diagnostic = other.get(i) ?? "";
      d.diagnostic = squeeze(d.diagnostic);
      if (d.command === "") d.command = findCommand(d.diagnostic);
    });
    return drafts;
  },
};
