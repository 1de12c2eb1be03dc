/**
 * Mimecast's own delivery failure notices ("[Postmaster] Email Delivery Failure", Message-Id
 * …mimecast.lan): "-- addr" names each recipient, other "-- …" lines explain, and a Diagnostic-Code
 * in the report replaces that explanation (Sisimai lhost/via-mimecast.go).
 */
import { parseDsnFields } from "../dsn-fields.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

export const mimecastLhost: Lhost = {
  name: "Mimecast",
  detect: (mail) => mail.subject.includes("Email Delivery Failure") || /\.mimecast\.lan>?$/.test(mail.messageId),
  parse(mail) {
    const body = beforeAny(mail.text, ["Content-Type: message/rfc822"]);
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of body.split("\n")) {
      const line = raw.trimEnd();
      if (!line.startsWith("-- ")) continue;
      const value = line.slice(3).trim();
      if (!value.includes(" ") && value.includes("@")) {
        current = emptyDraft(value.replace(/^<|>$/g, "").toLowerCase());
        drafts.push(current);
      } else if (current) {
        current.diagnostic = `${current.diagnostic} ${value}`.trim();
      }
    }
    const fields = parseDsnFields(body).recipients;
    for (const d of drafts) {
      const f = fields.find((r) => r.finalRecipient === d.address) ?? (drafts.length === 1 ? fields[0] : undefined);
      if (!f) continue;
      if (f.diagnostic !== "") {
        d.diagnostic = f.diagnostic;
        d.diagnosticType = f.diagnosticType;
      }
      d.status = f.status;
      d.action = f.action;
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
