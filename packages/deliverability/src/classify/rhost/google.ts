/**
 * Gmail's documented SMTP errors (https://support.google.com/a/answer/3726730, "About SMTP error
 * messages"), as Sisimai's rhost/for-google.go tables them: reply code, enhanced status code and a
 * phrase of the text. A row applies when the phrase is in the reply and the reply and status codes
 * agree with it apart from their class digit (Gmail sends the same text as 4xx and 5xx).
 */
import { type BounceReason } from "../types.ts";
import { type RemoteHost } from "./types.ts";

type Row = readonly [reply: string, status: string, phrase: string];

const ROWS: Partial<Record<BounceReason, readonly Row[]>> = {
  authfailure: [
    ["451", "4.7.24", "the spf record of the sending domain"],
    ["550", "5.7.24", "the spf record of the sending domain"],
    ["421", "4.7.26", "senders to authenticate with either spf or dkim"],
    ["550", "5.7.26", "senders to authenticate with either spf or dkim"],
    ["550", "5.7.26", "fails to pass spf checks for an spf record with a hard fail"],
    ["550", "5.7.26", "has an spf record with a hard fail policy"],
    ["451", "4.7.26", "is not accepted due to domain's dmarc policy"],
    ["550", "5.7.26", "is not accepted due to domain's dmarc policy"],
    ["550", "5.7.1", "fails to pass authentication checks"],
    ["550", "5.7.26", "fails to pass authentication checks"],
    ["421", "4.7.27", "senders to authenticate with spf"],
    ["421", "4.7.27", "senders to authenticate their email with spf"],
    ["550", "5.7.27", "senders to authenticate with spf"],
    ["421", "4.7.30", "senders to authenticate their email with dkim"],
    ["550", "5.7.30", "senders to authenticate with dkim"],
    ["421", "4.7.32", "aligned with either the authenticated spf or dkim"],
    ["421", "5.7.32", "aligned with either the authenticated spf or dkim"],
    ["421", "4.7.40", "to add a dmarc record to "],
  ],
  badreputation: [
    ["421", "4.7.0", "very low reputation of the sending ip address"],
    ["421", "4.7.0", "very low reputation of the sending domain"],
    ["550", "5.7.1", "due to the very low reputation of the sending ip address"],
    ["550", "5.7.1", "due to the very low reputation of the sending domain"],
  ],
  blocked: [
    ["421", "4.7.0", "ip not in whitelist for rcpt domain"],
    ["421", "4.7.0", "try again later, closing connection."],
    ["501", "5.5.4", "empty helo/ehlo argument not allowed"],
    ["501", "5.5.4", "helo/ehlo argument is invalid"],
    ["421", "4.7.0", "an unusual rate of unsolicited mail"],
    ["421", "4.7.28", "an unusual rate of mail"],
    ["550", "5.7.1", "an unusual rate of unsolicited mail"],
    ["550", "5.7.28", "an unusual rate of unsolicited mail"],
  ],
  exceedlimit: [
    ["552", "5.2.3", "exceeded google's message size limits"],
    ["552", "5.3.4", "exceeds google's limit of limit attachments."],
    ["552", "5.3.4", "your message exceeded google's message header size limits"],
    ["552", "5.3.4", "bytes per individual header size"],
    ["552", "5.3.4", "exceeds google's header name limit of"],
    ["552", "5.3.4", "exceeds google's message header size limit"],
  ],
  expired: [
    ["421", "4.7.0", "connection expired"],
    ["451", "4.4.2", "timeout - closing connection"],
  ],
  failedstarttls: [
    ["530", "5.7.0", "must issue a starttls command first"],
    ["454", "5.5.1", "starttls may not be repeated"],
    ["421", "4.7.0", "tls required for rcpt domain"],
    ["421", "4.7.29", "senders to use tls/ssl for smtp"],
    ["550", "5.7.29", "senders to use tls/ssl for smtp"],
  ],
  mailboxfull: [
    ["452", "4.2.2", "inbox is out of storage space"],
    ["552", "5.2.2", "inbox is out of storage space and inactive"],
    ["452", "4.2.2", "is over quota"],
    ["552", "5.2.2", "is over quota"],
    ["550", "5.7.1", "email quota exceeded"],
  ],
  mesgtoobig: [
    ["552", "5.3.4", "exceeded google's message size limits"],
    ["552", "5.3.4", "exceeds google's message size limit of"],
  ],
  networkerror: [
    ["554", "5.4.6", "message exceeded 50 hops"],
    ["554", "5.6.0", "message exceeded 50 hops"],
  ],
  norelaying: [
    ["550", "5.7.0", "mail relay denied"],
    ["550", "5.7.1", "invalid credentials for relay"],
    ["550", "5.7.1", "is not authorized to send email directly to our servers"],
  ],
  notcompliantrfc: [
    ["550", "5.7.1", "missing a valid address in the from: header"],
    ["550", "5.7.1", "multiple addresses in from: header are not accepted"],
    ["550", "5.7.1", "is not rfc 5322 compliant"],
    ["550", "5.7.1", "missing a valid message-id: header"],
    ["550", "5.7.1", "contains a unicode character in a disallowed header"],
    ["550", "5.7.1", "encoded-word syntax is not permitted"],
    ["553", "5.1.7", "is not a valid rfc 5321 address"],
    ["554", "5.6.0", "mail message is malformed"],
  ],
  policyviolation: [
    ["552", "5.7.0", "illegal attachment on your message"],
    ["552", "5.7.0", "blocked because its content presents a potential security issue"],
    ["550", "5.7.1", "you are sending to (or from) has a policy that prohibited"],
    ["421", "4.7.28", "sending messages with the same message-id:"],
  ],
  rejected: [
    ["550", "5.7.0", "mail sending denied"],
    ["550", "5.7.1", "unauthenticated email is not accepted"],
  ],
  requireptr: [
    ["421", "4.7.0", "does not have a ptr record"],
    ["421", "4.7.23", " have a ptr record, or the ptr record"],
    ["550", "5.7.1", "does not meet ipv6 sending guidelines regarding ptr records and authentication"],
    ["550", "5.7.25", "does not have a ptr record"],
    ["550", "5.7.25", "does not match the ip address of the hostname"],
  ],
  securityerror: [
    ["454", "4.7.0", "too many login attempts"],
    ["501", "5.5.2", "cannot decode response"],
    ["503", "5.7.0", "no identity changes permitted"],
    ["530", "5.5.1", "authentication required."],
    ["530", "5.7.0", "authentication required."],
    ["535", "5.7.1", "application-specific password required"],
    ["535", "5.7.9", "application-specific password required"],
    ["535", "5.7.1", "please log in with your web browser"],
    ["534", "5.7.9", "please log in with your web browser"],
    ["534", "5.7.14", "please log in through your web browser"],
    ["535", "5.7.1", "username and password not accepted"],
    ["535", "5.7.8", "username and password not accepted"],
  ],
  spamdetected: [
    ["421", "4.7.0", "due to the nature of the content or the links within"],
    ["550", "5.7.1", "likely unsolicited mail"],
  ],
  speeding: [
    ["450", "4.2.1", "is receiving mail too quickly"],
    ["450", "4.2.1", "peak smtp relay limit exceeded for customer"],
    ["450", "4.2.1", "rate that prevents additional messages from being delivered"],
    ["550", "5.2.1", "rate that prevents additional messages from being delivered"],
    ["550", "5.4.5", "daily sending quota exceeded"],
    ["550", "5.4.5", "daily user sending limit exceeded"],
    ["550", "5.4.5", "daily smtp relay limit exceeded for"],
    ["550", "5.7.1", "daily smtp relay limit exceeded for"],
    ["550", "5.7.1", "daily smtp relay sending limit exceeded for"],
    ["550", "5.7.1", "this mail has been rate limited"],
  ],
  suspend: [
    ["550", "5.2.1", "account that you tried to reach is disabled"],
    ["550", "5.2.1", "account that you tried to reach is inactive"],
  ],
  syntaxerror: [
    ["451", "4.5.0", "smtp protocol violation"],
    ["454", "4.5.0", "smtp protocol violation"],
    ["525", "5.7.10", "smtp protocol violation"],
    ["535", "5.5.4", "optional argument not permitted"],
    ["501", "5.7.11", "syntax error"],
    ["501", "5.5.2", "syntax error"],
    ["555", "5.5.2", "syntax error"],
    ["502", "5.5.1", "too many unrecognized commands, goodbye"],
    ["502", "5.5.1", "unimplemented command"],
    ["502", "5.5.1", "unrecognized command"],
    ["503", "5.5.1", "bad sequence of commands"],
    ["503", "5.5.1", "ehlo/helo first"],
    ["503", "5.5.1", "mail first"],
    ["503", "5.5.1", "rcpt first"],
    ["503", "5.5.1", "no data after bdat"],
    ["504", "5.7.4", "unrecognized authentication type"],
    ["504", "5.7.4", "xoauth is no longer supported"],
    ["554", "5.7.0", "too many unauthenticated commands"],
  ],
  systemerror: [
    ["421", "4.3.0", "temporary system problem"],
    ["421", "4.7.0", "temporary system problem"],
    ["421", "4.4.5", "server busy"],
    ["451", "4.3.0", "multiple destination domains per transaction is unsupported"],
    ["451", "4.3.0", "mail server has temporarily rejected this message"],
    ["451", "4.3.0", "mail server temporarily rejected message"],
    ["452", "4.5.3", "domain policy size per transaction exceeded"],
    ["454", "4.7.0", "cannot authenticate due to temporary system problem"],
  ],
  toomanyconn: [
    ["452", "4.5.3", "your message has too many recipients"],
    ["550", "5.5.3", "too many recipients for this sender"],
  ],
  userunknown: [
    ["550", "5.1.1", "the email account that you tried to reach does not exist"],
    ["553", "5.1.2", "we weren't able to find the recipient domain"],
    ["553", "5.1.3", "is not a valid rfc 5321 address"],
  ],
};

const REPLY_RE = /^[245]\d\d$/;
const STATUS_RE = /^[245]\.\d{1,3}\.\d{1,3}$/;

export const google: RemoteHost = {
  name: "Google",
  hosts: ["aspmx.l.google.com", "gmail-smtp-in.l.google.com"],
  reasonFor({ status, replyCode, diagnostic }) {
    if (!REPLY_RE.test(replyCode) || !STATUS_RE.test(status)) return "";
    const text = diagnostic.toLowerCase();
    // Codes compared without their class digit: "421 4.7.0" and "521 5.7.0" name the same row.
    const reply = replyCode.slice(1);
    const detail = status.slice(2);
    for (const [reason, rows] of Object.entries(ROWS) as [BounceReason, readonly Row[]][]) {
      if (rows.some(([r, s, phrase]) => text.includes(phrase) && r.slice(1) === reply && s.slice(2) === detail)) return reason;
    }
    return "";
  },
};
