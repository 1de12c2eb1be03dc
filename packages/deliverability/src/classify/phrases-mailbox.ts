/**
 * Reply-text patterns that describe the recipient's mailbox or the local delivery (lower-case).
 * Collected by the Sisimai project (https://github.com/sisimai, reason/why-*.go), Copyright (C)
 * 2014-2026 azumakuniyuki and sisimai development team, BSD 2-Clause License; kept as data so our
 * second-level reasons agree with theirs.
 */
import { type BounceReason } from "./types.ts";
import { type PhraseSet } from "./phrases.ts";

export const MAILBOX_PHRASES: Partial<Record<BounceReason, PhraseSet>> = {
  userunknown: {
    any: [
      "because the address couldn't be found", "not listed in domino directory", "recipient name is not recognized", "invalid final delivery userid", "recipientnotfound", "user name of email address not valid",
      "#5.1.1 bad address", "550 address invalid", "5.1.0 address rejected.", "address does not exist",
      "address not present in directory", "address unknown", "can't accept user", "does not exist.",
      "destination addresses were unknown", "destination server rejected recipients", "email address does not exist",
      "email address could not be found", "invalid address", "invalid mailbox", "invalid recipient", "is not a known user",
      "is not a valid mailbox", "is not an active address at this host", "mailbox does not exist", "mailbox invalid",
      "mailbox is inactive", "mailbox is unavailable", "mailbox not present", "mailbox not found", "mailbox unavaiable",
      "nessun utente simile in questo indirizzo", "no account by that name here", "no existe dicha persona",
      "no existe ese usuario ", "no mail box available for this user", "no mailbox by that name is currently available",
      "no mailbox found", "no such address here", "no such mailbox", "no such person at this address", "no such recipient",
      "no such user", "no thank you rejected: account unavailable", "no valid recipients, bye", "not a valid recipient",
      "not a valid user here", "not a local address", "not email addresses",
      "recipient address rejected. (in reply to rcpt to command)", "recipient address rejected: access denied",
      "recipient address rejected: invalid user", "recipient address rejected: invalid-recipient",
      "recipient address rejected: unknown user", "recipient address rejected: userunknown", "recipient does not exist",
      "recipient is not accepted", "recipient is not local", "recipient not exist", "recipient not found",
      "recipient not ok", "recipient refuses to accept your mail", "recipient unknown",
      "requested action not taken: mailbox unavailable", "resolver.adr.recipient notfound", "resolver.adr.recipnotfound",
      "sorry, user unknown", "sorry, badrcptto", "sorry, no mailbox here by that name",
      "sorry, your envelope recipient has been denied", "that domain or user isn't in my list of allowed rcpthosts",
      "the email account that you tried to reach does not exist", "the following recipients was undeliverable",
      "the user's email name is not found", "there is no one at this address", "this address no longer accepts mail",
      "this email address is wrong or no longer valid", "this recipient is in my badrecipientto list",
      "this recipient is not in my validrcptto list", "this spectator does not exist", "unknown mailbox",
      "unknown recipient", "unknown user", "user does not exist", "user missing home directory", "user not active",
      "user not exist", "user not found", "user not known", "user unknown", "utilisateur inconnu !",
      "vdeliver: invalid or unknown virtual user", "no such local user", "mailbox name not allowed",
      "weil die adresse nicht gefunden wurde oder keine e-mails empfangen kann",
      "your envelope recipient is in my badrcptto list",
    ],
    ordered: [
      ["<", "> not found"], ["<", ">... blocked by "], ["account ", " does not exist at the organization"],
      ["adresse d au moins un destinataire invalide. invalid recipient.", "416"],
      ["adresse d au moins un destinataire invalide. invalid recipient.", "418"], ["bad", "recipient"],
      ["mailbox ", "does not exist"], ["mailbox ", "unavailable or access denied"], ["no ", " in name directory"],
      ["non", "existent user"], ["rcpt <", " does not exist"], ["rcpt (", "t exist "], ["recipient ", " was not found in"],
      ["recipient address rejected: user ", "  does not exist"], ["recipient address rejected: user unknown in ", "  table"],
      ["said: 550", "5.1.1 ", " user unknown "], ["this user doesn't have a ", " account"], ["unknown e", "mail address"],
      ["unknown local", "part"], ["user ", " was not found"], ["user ", " does not exist"], ["user (", ") unknown"],
    ],
  },
  mailboxfull: {
    any: [
      "452 insufficient disk space", "account disabled temporarly for exceeding receiving limits",
      "boite du destinataire pleine", "exceeded storage allocation", "full mailbox", "mailbox exceeds allowed size",
      "mailbox size limit exceeded", "mailbox would exceed maximum allowed storage", "mailfolder is full",
      "no space left on device", "not sufficient disk space", "quota violation for", "too much mail data",
      "user has exceeded quota, bouncing mail", "user has too many messages on the server", "user's space has been used up",
      "postfach voll", "mailbox is full", "out of storage space",
    ],
    ordered: [
      ["account is ", " quota"], ["disk", "quota"], ["enough ", " space"], ["mailbox ", "exceeded", " limit"],
      ["mailbox ", "full"], ["mailbox ", "quota"], ["maildir ", "quota"], ["over ", "quota"], ["quota ", "exceeded"],
    ],
  },
  filtered: {
    any: [
      "account is protected by", "bounced address", "has restricted sms e-mail", "is not accepting any mail",
      "message filtered", "message rejected due to user rules", "not found recipient account",
      "recipient id refuse to receive mail", "recipient is only accepting mail from specific email addresses",
      "refused due to recipient preferences", "user not found", "user refuses to receive this mail", "user reject",
      "you have been blocked by the recipient",
    ],
  },
  suspend: {
    any: [
      " is currently suspended", " temporary locked", "archived recipient", "boite du destinataire archivee",
      "email account that you tried to reach is disabled", "has been suspended", "inactive account",
      "invalid/inactive user", "is a deactivated mailbox", "is unavailable: user is terminated",
      "mailbox currently suspended", "mailbox disabled", "mailbox is frozen", "mailbox unavailable or access denied",
      "recipient rejected: temporarily inactive", "recipient suspend the service",
      "the email account that you tried to reach is inactive", "this account has been disabled or discontinued",
      "this account has been temporarily suspended", "this address no longer accepts mail", "this mailbox is disabled",
      "user or domain is disabled", "user suspended", "vdelivermail: account is locked email bounced",
    ],
  },
  hasmoved: { any: [" has been replaced by "] },
  mesgtoobig: {
    any: [
      "exceeded maximum inbound message size", "exceeded the maximum incoming message size", "line limit exceeded",
      "max message size exceeded", "message file too big", "message length exceeds administrative limit",
      "message size exceeds fixed limit", "message size exceeds fixed maximum message size",
      "message size exceeds maximum value", "message too big", "message too large for this ", "size limit",
      "taille limite du message atteinte",
    ],
  },
  exceedlimit: { any: ["message header size exceeds limit", "message too large"] },
  vacation: { any: ["i am away on vacation", "i am away until", "i am out of the office", "i will be traveling for work on"] },
  suppressed: { any: ["recipient address is on the suppression list", "address is on the account-level suppression list"] },
  mailererror: {
    any: [
      " || exit ", "procmail: ", "bin/procmail", "bin/maidrop", "command failed: ", "command died with status ",
      "command output:", "mailer error", "pipe to |/", "x-unix; ",
    ],
  },
};
