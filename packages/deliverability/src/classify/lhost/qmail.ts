/**
 * qmail and its clones: the error strings of qmail-remote.c / qmail-send.c / qmail-local.c and the
 * qmail-ldap patch name the SMTP stage and the reason (Sisimai lhost/via-qmail.go). The generic text
 * reader already cut the "<addr>:" blocks; this names their command and reason.
 */
import { type BounceReason } from "../types.ts";
import { findCommand } from "../smtp-command.ts";
import { reasonByPhrases, type Lhost } from "./types.ts";

/** qmail-remote.c: the stage of the session each message is written at. */
const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ["CONN", [" but greeting failed."]],
  ["EHLO", [" but my name was rejected."]],
  ["MAIL", [" but sender was rejected."]],
  ["RCPT", [" does not like recipient."]],
  ["DATA", [" failed on DATA command", " failed after I sent the message"]],
];
const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  hostunknown: ["Sorry, I couldn't find any host "],
  mailboxfull: ["disk quota exceeded"],
  mesgtoobig: ["Message size exceeds fixed maximum message size:"],
  networkerror: [
    "Sorry, I wasn't able to establish an SMTP connection",
    "Sorry. Although I'm listed as a best-preference MX or A for that host",
  ],
  notaccept: ["Sorry, I couldn't find a mail exchanger or IP address"],
  systemerror: ["bad interpreter: No such file or directory", "system error", "Unable to"],
  systemfull: ["Requested action not taken: mailbox unavailable (not enough free space)"],
  userunknown: ["no mailbox here by that name"],
};
/** qmail-ldap-1.03-20040101.patch */
const LDAP_MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  exceedlimit: ["The message exeeded the maximum size the user accepts"],
  suspend: [
    "Mailaddress is administrativly disabled",
    "Mailaddress is administrativley disabled",
    "Mailaddress is administratively disabled",
    "Mailaddress is administrativeley disabled",
  ],
  systemerror: [
    "Automatic homedir creator crashed",
    "Illegal value in LDAP attribute",
    "LDAP attribute is not given but mandatory",
    "Timeout while performing search on LDAP server",
    "Too many results returned but needs to be unique",
    "Permanent error while executing qmail-forward",
    "Temporary error in automatic homedir creation",
    "Temporary error while executing qmail-forward",
    "Temporary failure in LDAP lookup",
    "Unable to contact LDAP server",
    "Unable to login into LDAP server, bad credentials",
  ],
  userunknown: ["Sorry, no mailbox here by that name"],
};
const NO_CONNECTION = "no SMTP connection got far enough";
/** qmail-send.c:922 */
const EXPIRED = "this message has been in the queue too long.";

export const qmail: Lhost = {
  name: "qmail",
  detect: (mail) => mail.subject === "failure notice" || mail.subject === "Failure Notice" || mail.header("received").includes("(qmail "),
  refine(_mail, drafts) {
    for (const d of drafts) {
      const text = d.diagnostic.replace(/\s+/g, " ");
      const stage = COMMANDS.find(([, phrases]) => phrases.some((p) => text.includes(p)))?.[0];
      if (stage && d.command === "") d.command = stage;
      // qmail-remote.c: "Sorry, no SMTP connection got far enough; most progress was RCPT TO response".
      if (d.command === "" && text.includes(NO_CONNECTION)) d.command = findCommand(text);
      // Any other command named in the text, last (the reason below reads qmail's stage, not this).
      if (d.command === "") d.command = findCommand(text);
      if (d.reason !== undefined) continue;
      if (stage === "EHLO") {
        d.reason = "blocked";
        continue;
      }
      const recipientAt = text.indexOf(" does not like recipient.");
      if (recipientAt >= 0 && text.indexOf(EXPIRED, recipientAt) >= 0) {
        d.reason = "onhold"; // the generic rules read the remote's own words
        continue;
      }
      const said = /Remote host said:.*/.exec(text)?.[0] ?? "";
      for (const part of [said, text]) {
        if (part === "") continue;
        d.reason =
          reasonByPhrases(part, MESSAGES) ?? reasonByPhrases(part, LDAP_MESSAGES) ?? (part.includes(EXPIRED) ? "expired" : undefined);
        if (d.reason !== undefined) break;
      }
    }
  },
};
