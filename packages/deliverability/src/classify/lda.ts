/**
 * Local delivery agents (the program that writes into the mailbox after the MTA accepted the message)
 * report in their own words: "mail.local: Disc quota exceeded", "maildrop: maildir over quota.". When
 * the failure happened there (no SMTP command, or after DATA) the agent's words decide the reason
 * before any provider or generic rule, and an agent error with no known message is a mailer error
 * (Sisimai lda/lib.go; the agents' sources are cited per entry).
 */
import { type BounceReason } from "./types.ts";

interface Agent {
  /** Lower-case marks of the agent in the message. */
  marks: readonly string[];
  messages: Partial<Record<BounceReason, readonly string[]>>;
}

const AGENTS: readonly Agent[] = [
  {
    // dovecot/src/deliver/deliver.c DEFAULT_MAIL_REJECTION_HUMAN_REASON; plugins/quota/quota.c
    marks: ["your message to <", "> was automatically rejected:"],
    messages: {
      mailboxfull: ["not enough disk space", "quota exceeded", "quota exceeded (mailbox for user is full)"],
      userunknown: ["mailbox doesn't exist: "],
    },
  },
  {
    // BSD mail.local(8)
    marks: ["mail.local: "],
    messages: {
      mailboxfull: ["disc quota exceeded", "mailbox full or quota exceeded"],
      systemerror: ["temporary file write error"],
      userunknown: [": invalid mailbox path", ": unknown user:", ": user missing home directory", ": user unknown"],
    },
  },
  {
    marks: ["procmail: ", "/procmail "],
    messages: {
      mailboxfull: ["quota exceeded while writing", "user over quota"],
      systemerror: ["service unavailable"],
      systemfull: ["no space left to finish writing"],
    },
  },
  {
    // Courier maildrop(1)
    marks: ["maildrop: "],
    messages: { mailboxfull: ["maildir over quota."], userunknown: ["cannot find system user", "invalid user specified."] },
  },
  {
    // vpopmail vdelivermail
    marks: ["vdelivermail: "],
    messages: {
      filtered: ["user does not exist, but will deliver to "],
      mailboxfull: ["domain is over quota", "user is over quota"],
      suspend: ["account is locked email bounced"],
      userunknown: ["sorry, no mailbox here by that name."],
    },
  },
  {
    // vmailmgr vdeliver
    marks: ["vdeliver: "],
    messages: {
      mailboxfull: ["delivery failed due to system quota violation"],
      userunknown: [
        "invalid or unknown base user or domain",
        "invalid or unknown virtual user",
        "user name does not refer to a virtual user",
      ],
    },
  },
];

/** The reason a local delivery agent's message gives, or "" when no agent wrote it (or it failed at an SMTP stage). */
export function reasonFromLocalAgent(diagnostic: string, command: string): BounceReason | "" {
  if (diagnostic === "" || (command !== "" && command !== "DATA")) return "";
  const text = diagnostic.toLowerCase();
  const agent = AGENTS.find((a) => a.marks.some((m) => text.includes(m)));
  if (!agent) return "";
  for (const [reason, phrases] of Object.entries(agent.messages) as [BounceReason, readonly string[]][]) {
    if (phrases.some((p) => text.includes(p))) return reason;
  }
  // "procmail: Couldn't create "/var/mail/tmp.nekochan.22"": the agent failed for its own reasons.
  return "mailererror";
}
