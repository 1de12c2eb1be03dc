/**
 * Oracle (Sun, iPlanet) Messaging Server: "Your message cannot be delivered to the following
 * recipients:" then per recipient "Recipient address:", "Reason:", "Diagnostic code: smtp;…" lines
 * (https://docs.oracle.com/en/industries/communications/messaging-server/; Sisimai
 * lhost/via-messagingserver.go). Without a diagnostic code, the text in the Status field's
 * parentheses explains ("Status: 5.1.1 (Remote SMTP server has rejected address)").
 */
import { findEnhancedCode } from "../status.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const START = "This report relates to a message you sent with the following header fields:";
const RECIPIENT_RE = /^ {2}(?:Recipient|Original) address: (\S+@\S+\.\S+)\s*$/;
/** The Messaging Server's own error for an unparsable domain. */
const ILLEGAL_HOST = "Illegal host/domain name found";

export const messagingServer: Lhost = {
  name: "MessagingServer",
  detect: (mail) => mail.header("content-type").includes("Boundary_(ID_") || mail.subject.startsWith("Delivery Notification: "),
  parse(mail) {
    const body = beforeAny(mail.text, ["Content-Type: message/rfc822", "\nReturn-Path: "]);
    const start = body.indexOf(START);
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of body.slice(start + START.length).split("\n")) {
      const line = raw.trimEnd();
      const address = RECIPIENT_RE.exec(line)?.[1]?.toLowerCase();
      if (address) {
        if (current?.address !== address) {
          current = emptyDraft(address);
          drafts.push(current);
        }
      } else if (current && line.startsWith("  Diagnostic code: ")) {
        const value = line.slice(line.indexOf(":") + 1).trim();
        const semi = value.indexOf(";");
        current.diagnosticType = semi >= 0 ? value.slice(0, semi).trim().toUpperCase() : "";
        current.diagnostic = `${current.diagnostic} ${semi >= 0 ? value.slice(semi + 1) : value}`.trim();
        current.status = findEnhancedCode(current.diagnostic);
      } else if (current && line.startsWith("Status: ")) {
        if (current.status === "") current.status = findEnhancedCode(line);
        if (current.diagnostic === "") current.diagnostic = /\((.*)\)/.exec(line)?.[1] ?? "";
      } else if (current && line.startsWith("Remote-MTA: ") && current.remoteMta === "") {
        current.remoteMta = /;\s*([^\s(]+)/.exec(line)?.[1] ?? "";
      }
    }
    for (const d of drafts) if (d.diagnostic.includes(ILLEGAL_HOST)) d.reason = "hostunknown";
    return drafts.length > 0 ? drafts : undefined;
  },
};
