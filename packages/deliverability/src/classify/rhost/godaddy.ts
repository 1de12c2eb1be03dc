/**
 * GoDaddy (secureserver.net): "IBnnn" codes at the end of the reply.
 * https://ca.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685 (Sisimai rhost/for-godaddy.go).
 */
import { type BounceReason } from "../types.ts";
import { firstPhraseMatch, type RemoteHost } from "./types.ts";

const ERROR_CODES: Record<string, BounceReason> = {
  IB401: "securityerror",
  IB501: "notcompliantrfc",
  IB502: "notcompliantrfc",
  IB506: "rejected",
  IB508: "authfailure",
  IB108: "requireptr",
  IB212: "spamdetected",
  IB705: "virusdetected",
  IB605: "toomanyconn",
  IB007: "toomanyconn",
  IB101: "speeding",
  IB110: "blocked",
  IB111: "blocked",
  IB112: "blocked",
  IB113: "blocked",
  IB504: "speeding",
  IB510: "speeding",
  IB607: "speeding",
  IB103: "badreputation",
  IB104: "blocked",
  IB105: "blocked",
  IB106: "blocked",
};
const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  blocked: ["rbl reject", "www.spamhaus.org/query/bl?ip="],
  expired: ["has been in the queue too long", "delivery timeout"],
  mailboxfull: ["account storage limit"],
  spamdetected: ["message rejected for spam or virus content"],
  suspend: ["account disabled"],
  systemerror: ["message is looping"],
  userunknown: ["recipient not found", "account does not exist"],
};

export const goDaddy: RemoteHost = {
  name: "GoDaddy",
  hosts: ["smtp.secureserver.net", "mailstore1.secureserver.net"],
  reasonFor({ diagnostic }) {
    const label = / IB(\d{3})\b/.exec(diagnostic);
    const byCode = label ? ERROR_CODES[`IB${label[1] ?? ""}`] : undefined;
    return byCode ?? firstPhraseMatch(diagnostic.toLowerCase(), MESSAGES);
  },
};
