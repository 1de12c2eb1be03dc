/**
 * Broadcom / Symantec Email Security.cloud (MessageLabs).
 * https://knowledge.broadcom.com/external/article/169652 (Sisimai rhost/for-messagelabs.go).
 */
import { type BounceReason } from "../types.ts";
import { type RemoteHost } from "./types.ts";

const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  authfailure: ["domain authentication fail"],
  badreputation: ["Connection rejected by policy"],
  blocked: ["mail rejected because your IP is in the PBL", "your IP address has been "],
  contenterror: ["Stray linefeeds in message"],
  failedstarttls: ["TLS/SSLv3 Connection required"],
  norelaying: [" as a relay, "],
  notcompliantrfc: ["550 Requested action aborted [4]", "has detected that this message is not RFC 5322"],
  rejected: [
    "sender envelope domain not allowed for sender IP address",
    "your domain has been blocked",
    "your email address has been blocked",
    "your envelope sender is in my badmailfrom list",
    "your email address has been blacklisted",
    "your domain has been blacklisted",
  ],
  securityerror: ["Please turn on SMTP Authentication in your mail client"],
  spamdetected: ["Message Filtered", "filtered by Outbound scanning"],
  toomanyconn: ["Too many recipients received this hour", "too many messages"],
  userunknown: ["No such user", "Invalid recipient", "mailbox is not allowed"],
};

export const messageLabs: RemoteHost = {
  name: "MessageLabs",
  hosts: [".messagelabs.com"],
  reasonFor({ diagnostic }) {
    // Matched case-sensitively, as the provider writes them.
    for (const [reason, phrases] of Object.entries(MESSAGES) as [BounceReason, readonly string[]][]) {
      if (phrases.some((p) => diagnostic.includes(p))) return reason;
    }
    return "";
  },
};
