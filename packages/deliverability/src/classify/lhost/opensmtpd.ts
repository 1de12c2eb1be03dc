/**
 * OpenSMTPD: "address: error" lines under "This is the MAILER-DAEMON, please DO NOT REPLY". Its
 * delivery-status part is not read: the error strings are smtpd's own (smtpd/queue.c, mta.c), and
 * Sisimai (lhost/via-opensmtpd.go) decides from them alone.
 */
import { type BounceReason } from "../types.ts";
import { beforeAny, emptyDraft, reasonByPhrases, type Draft, type Lhost } from "./types.ts";

const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  expired: ["Envelope expired"],
  securityerror: ["Could not retrieve credentials"],
  hostunknown: ["Invalid domain name", "Domain does not exist"],
  networkerror: [
    "Address family mismatch on destination MXs",
    "All routes to destination blocked",
    "bad DNS lookup error code",
    "Could not retrieve source address",
    "Loop detected",
    "Network error on destination MXs",
    "No valid route to remote MX",
    "No valid route to destination",
    "Temporary failure in MX lookup",
  ],
  notaccept: ["Destination seem to reject all mails", "No MX found for domain", "No MX found for destination"],
};

export const openSmtpd: Lhost = {
  name: "OpenSMTPD",
  detect: (mail) =>
    mail.subject.includes("Delivery status notification") ||
    mail.from.includes("Mailer Daemon <") ||
    mail.header("received").includes(" (OpenSMTPD) with "),
  parse(mail) {
    const body = beforeAny(mail.text, ["    Below is a copy of the original message:"]);
    const start = body.indexOf("    This is the MAILER-DAEMON, please DO NOT REPLY to this");
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    for (const line of body.slice(start).split("\n")) {
      const m = /^([^\s@]+@[^\s:]+):\s+(.*)$/.exec(line.trimEnd());
      if (!m?.[1]) continue;
      const diagnostic = (m[2] ?? "").trim();
      drafts.push({ ...emptyDraft(m[1].toLowerCase()), diagnostic, reason: reasonByPhrases(diagnostic, MESSAGES) });
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
