/**
 * Yahoo Inc. (Yahoo, AOL, Verizon Media MXs under yahoodns.net). https://senders.yahooinc.com/smtp-error-codes
 * (Sisimai rhost/for-yahooinc.go). "[TSS04] … temporarily deferred due to unexpected volume or user
 * complaints" is returned for poor-reputation and unauthenticated senders alike, so it says "rejected".
 */
import { type BounceReason } from "../types.ts";
import { firstPhraseMatch, type RemoteHost } from "./types.ts";

const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: ["yahoo requires all senders to authenticate with either spf or dkim"],
  blocked: [" because the ip is in spamhaus's list;", "not accepted from ip addresses on spamhaus xbl"],
  norelaying: ["relaying denied for "],
  notcompliantrfc: ["headers are not rfc compliant"],
  policyviolation: ["not accepted for policy reasons"],
  rejected: [
    "temporarily deferred due to unexpected volume or user complaints",
    "due to unresolvable rfc.5321 domain",
    " will be permanently deferred",
  ],
  speeding: ["user is receiving mail too quickly"],
  suspend: [" is no longer valid.", "this mailbox is disabled"],
  syntaxerror: ["syntax error in parameters or arguments"],
  toomanyconn: ["max message per connection reached"],
  userunknown: ["dd this user doesn't have a ", "mailbox not found"],
};

export const yahooInc: RemoteHost = {
  name: "YahooInc",
  hosts: [".yahoodns.net"],
  reasonFor: ({ diagnostic }) => firstPhraseMatch(diagnostic.toLowerCase(), MESSAGES),
};
