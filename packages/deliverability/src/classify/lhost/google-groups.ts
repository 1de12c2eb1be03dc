/**
 * Google Groups: "the group you tried to contact … may not exist, or you may not have permission to
 * post" in the sender's language, recipients only in X-Failed-Recipients (Sisimai lhost/via-googlegroups.go).
 * The four bullet points of reasons mean the post was refused, i.e. "rejected".
 */
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

export const googleGroups: Lhost = {
  name: "GoogleGroups",
  detect: (mail) =>
    mail.text.includes("Google Groups") &&
    mail.header("x-failed-recipients") !== "" &&
    mail.header("x-google-smtp-source") !== "" &&
    mail.from.includes("<mailer-daemon@googlemail.com>") &&
    mail.subject.includes("Delivery Status Notification"),
  parse(mail) {
    const body = beforeAny(mail.text, ["----- Original message -----", "Content-Type: message/rfc822"]);
    const paragraphs = body.split("\n\n").slice(0, 4);
    const diagnostic = paragraphs.join(" ").replace(/\s+/g, " ").trim();
    const bullets = Math.max(body.split("\n *").length - 1, body.split("\n*").length - 1);
    const drafts: Draft[] = [];
    for (const raw of mail.header("x-failed-recipients").split(",")) {
      const address = raw.trim().toLowerCase();
      if (!address.includes("@")) continue;
      drafts.push({ ...emptyDraft(address), diagnostic, diagnosticType: "SMTP", reason: bullets === 4 ? "rejected" : "onhold" });
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
