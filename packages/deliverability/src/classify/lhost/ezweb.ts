/**
 * au by KDDI (EZweb) mobile mail bounces: "Mail System Error - Returned Mail" from Postmaster@ezweb.ne.jp
 * with one of a few fixed sentences naming the reason, and X-SPASIGN: NG when au's spam filter
 * refused the message (Sisimai lhost/via-ezweb.go).
 */
import { findCommand } from "../smtp-command.ts";
import { type BounceReason } from "../types.ts";
import { reasonByPhrases, type Lhost } from "./types.ts";

/** Votes needed among sender, subject, Received and Message-Id marks (as Sisimai). */
const MIN_VOTES = 2;
const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  expired: ["Your message was not delivered within "],
  mailboxfull: ["The user(s) account is temporarily over quota"],
  onhold: ["Each of the following recipients was rejected by a remote mail server"],
  // http://www.naruhodo-au.kddi.com/qa3429203.html: unpaid or suspended lines.
  suspend: ["The user(s) account is disabled.", "The user(s) account is temporarily limited."],
};

export const ezweb: Lhost = {
  name: "EZweb",
  detect(mail) {
    const messageId = mail.messageId;
    const received = mail.header("received");
    const votes = [
      mail.from.includes("Postmaster@ezweb.ne.jp"),
      mail.from.includes("Postmaster@au.com"),
      mail.subject === "Mail System Error - Returned Mail",
      received.includes("ezweb.ne.jp (EZweb Mail) with") || received.includes(".au.com ("),
      messageId.includes(".ezweb.ne.jp>") || messageId.includes(".ezweb.ne.jp"),
      messageId.includes(".au.com>") || messageId.endsWith(".au.com"),
    ].filter(Boolean).length;
    return votes >= MIN_VOTES;
  },
  refine(mail, drafts) {
    const filteredBySpamCheck = mail.header("x-spasign").trim() === "NG";
    for (const d of drafts) {
      if (d.command === "") d.command = findCommand(d.diagnostic);
      if (d.reason !== undefined) continue;
      const text = drafts.length === 1 ? `${mail.human} ${d.diagnostic}` : d.diagnostic;
      d.reason = filteredBySpamCheck ? "filtered" : reasonByPhrases(text.replace(/\s+/g, " "), MESSAGES);
      // A bare "<addr>: …" rejection of a recipient outside au is a missing mailbox.
      const isAu = d.address.endsWith("@ezweb.ne.jp") || d.address.endsWith("@au.com");
      if (d.reason === undefined && !isAu && d.diagnostic.trimStart().startsWith("<")) d.reason = "userunknown";
    }
  },
};
