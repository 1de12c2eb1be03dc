/**
 * Mimecast: documented reply code + text pairs.
 * https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes
 * (Sisimai rhost/for-mimecast.go). A pair matches only with its reply code.
 */
import { type BounceReason } from "../types.ts";
import { type RemoteHost } from "./types.ts";

const MESSAGES: Partial<Record<BounceReason, readonly (readonly [string, string])[]>> = {
  authfailure: [
    ["550", "spf sender invalid - envelope rejected"],
    ["550", "dkim sender invalid - envelope rejected"],
    ["550", "dmarc sender invalid - envelope rejected"],
  ],
  badreputation: [
    ["451", "internal resources are temporarily unavailable"],
    ["550", "local ct ip reputation - (reject)"],
  ],
  blocked: [
    ["421", "sender address blocked"],
    ["451", "recipient temporarily unavailable"],
    ["451", "ip temporarily blacklisted"],
  ],
  failedstarttls: [
    ["553", "this route requires encryption (tls)"],
    ["553", "this route requires tls version 1.2 or greater"],
    ["553", "this route requires high-strength ciphers"],
  ],
  mesgtoobig: [["554", "maximum email size exceeded"]],
  networkerror: [
    ["451", "the incorrect hostname used for inbounds"],
    ["550", "the incorrect hostname used for inbounds"],
    ["554", "mail loop detected"],
  ],
  norelaying: [
    ["451", "open relay not allowed"],
    ["451", "open relay is not allowed"],
  ],
  notaccept: [["451", "account inbounds disabled"]],
  policyviolation: [
    ["550", "anti-spoofing policy - inbound not allowed"],
    ["550", "rejected by header-based anti-spoofing policy"],
    ["554", "host network not allowed"],
  ],
  rejected: [
    ["550", "administrative prohibition envelope blocked"],
    ["550", "envelope blocked - user entry"],
    ["550", "envelope blocked - user domain entry"],
    ["550", "envelope rejected - block policy for envelope from address"],
  ],
  securityerror: [
    ["535", "incorrect authentication data"],
    ["550", "submitter failed to authenticate"],
  ],
  systemerror: [
    ["451", "unable to process connection at this time"],
    ["451", "message ended early"],
    ["451", "unable to process command"],
  ],
  toomanyconn: [
    ["451", "account service is temporarily unavailable"],
    ["452", "too many recipients"],
    ["550", "exceeding outbound thread limit"],
  ],
  userunknown: [
    ["501", "invalid address"],
    ["503", "user unknown"],
    ["550", "invalid recipient"],
  ],
  // "A signature was detected that could either be a virus, or a spam score over the maximum threshold."
  virusdetected: [["554", "email rejected due to security policies"]],
};

export const mimecast: RemoteHost = {
  name: "Mimecast",
  hosts: [".mimecast.com"],
  reasonFor({ diagnostic, replyCode: reply }) {
    if (reply === "") return "";
    const text = diagnostic.toLowerCase();
    for (const [reason, pairs] of Object.entries(MESSAGES) as [BounceReason, readonly (readonly [string, string])[]][]) {
      if (pairs.some(([code, phrase]) => code === reply && text.includes(phrase))) return reason;
    }
    return "";
  },
};
