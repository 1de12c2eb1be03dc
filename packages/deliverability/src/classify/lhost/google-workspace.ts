/**
 * Google Workspace's own notices without RFC 3464 fields ("** Message not delivered **", then the
 * explanation and "The response was: …"): the recipient is the returned message's To:, and Google's
 * "because the address couldn't be found" sentence means userunknown (Sisimai
 * lhost/via-googleworkspace.go). Notices with Final-Recipient fields are left to the generic reader.
 */
import { emptyDraft, type Lhost } from "./types.ts";

const ADDRESS_NOT_FOUND = "because the address couldn't be found. Check for typos or unnecessary spaces and try again.";
const TO_RE = /^To:[ \t]*(?:.*<)?([^\s<>@"]+@[A-Za-z0-9.-]+[A-Za-z0-9])/im;

export const googleWorkspace: Lhost = {
  name: "GoogleWorkspace",
  detect: (mail) =>
    mail.from.includes("<mailer-daemon@googlemail.com>") &&
    mail.subject.includes("Delivery Status Notification") &&
    !/\n(?:Diagnostic-Code|Final-Recipient):/i.test(mail.text),
  parse(mail) {
    const start = mail.human.search(/^\*\* /m);
    if (start < 0) return undefined;
    const diagnostic = mail.human
      .slice(start)
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("Content-Type:"))
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    const address = TO_RE.exec(mail.returned)?.[1] ?? TO_RE.exec(mail.text.slice(mail.human.length))?.[1];
    if (!address) return undefined;
    return [
      { ...emptyDraft(address.toLowerCase()), diagnostic, reason: diagnostic.includes(ADDRESS_NOT_FOUND) ? "userunknown" : undefined },
    ];
  },
};
