/**
 * Exim: reasons from the error strings in Exim's own source (deliver.c, route.c, transports/*.c),
 * and its delay warnings. Exim states no class for its own errors, so a "retry timeout" or a full
 * mailbox is reported as transient: Exim would have retried (Sisimai lhost/via-exim.go).
 */
import { findEnhancedCode, findReplyCode, internalCode, preferStatus } from "../status.ts";
import { type BounceReason } from "../types.ts";
import { reasonByPhrases, type Lhost } from "./types.ts";

const SUBJECTS = [
  "Delivery Status Notification",
  "Mail delivery failed",
  "Mail failure",
  "Message frozen",
  "Warning: message ",
  "error(s) in forwarding or filtering",
];

const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  userunknown: ["user not found"],
  hostunknown: [
    "all host address lookups failed permanently",
    "all relevant MX records point to non-existent hosts",
    "Unrouteable address",
  ],
  mailboxfull: ["mailbox is full", "error: quota exceed"],
  notaccept: ["an MX or SRV record indicated no SMTP service", "no host found for existing SMTP connection"],
  syntaxerror: ["angle-brackets nested too deep", 'expected word or "<"', "domain missing in source-routed address", "malformed address:"],
  systemerror: ["delivery to file forbidden", "delivery to pipe forbidden", "local delivery failed", "LMTP error after "],
  contenterror: ['Too many "Received" headers'],
};
/** retry.c, smtp.c, deliver.c: the message is still queued or was given up after retries. */
const DELAYED = [
  "retry timeout exceeded",
  "No action is required on your part",
  "retry time not reached for any host after a long failure period",
  "all hosts have been failing for a long time and were last tried",
  "Delay reason: ",
  "has been frozen",
  "was frozen on arrival by ",
];

export const exim: Lhost = {
  name: "Exim",
  detect(mail) {
    let votes = 0;
    if (mail.from.includes("Mail Delivery System")) votes++;
    if (SUBJECTS.some((s) => mail.subject.includes(s))) votes++;
    // Exim message ids: <E1P1YNN-0003AD-Ga@example.org>
    if (/^<.{7}-.{9}@/.test(mail.messageId)) votes++;
    const thirdParty = mail.header("x-mx-bounce") !== "" || mail.header("x-mxl-hash") !== "" || mail.messageId.includes("<mxl~");
    return votes >= 2 || thirdParty;
  },
  refine(mail, drafts) {
    // A lone recipient that is a pipe or a file has no address for the prose to repeat: the text after
    // "address(es) failed:" is its explanation (deliver.c).
    const failedAt = mail.human.indexOf("address(es) failed:");
    const only = drafts.length === 1 ? drafts[0] : undefined;
    if (only && only.diagnostic === "" && failedAt >= 0) only.diagnostic = mail.human.slice(failedAt + 19).trim();
    for (const d of drafts) {
      const text = d.diagnostic;
      if (d.reason === undefined) {
        if (d.command === "EHLO" || d.command === "HELO") d.reason = "blocked";
        else if (d.command !== "MAIL") {
          d.reason = reasonByPhrases(text, MESSAGES);
          if (d.reason === undefined && DELAYED.some((p) => text.includes(p))) d.reason = "expired";
          if (d.reason === undefined && text.includes("pipe to |")) d.reason = "mailererror";
        }
      }
      if (d.status === "" && d.reason !== undefined) {
        const reply = findReplyCode(text);
        const transient = reply.startsWith("4") || d.reason === "expired" || d.reason === "mailboxfull";
        d.status = preferStatus(findEnhancedCode(text), internalCode(d.reason, transient), reply);
      }
    }
  },
};
