/**
 * Sendmail version 5 and its relatives: no RFC 3464 part, a transcript where each failed recipient
 * has its own "NNN <addr>... reason" line (Sisimai lhost/via-v5sendmail.go). The line is that
 * recipient's whole explanation; what follows it belongs to the next host or recipient.
 */
import { type Lhost } from "./types.ts";

const RECIPIENT_LINE_RE = /^\d{3} <[^>]+>\.\.\. /;

export const v5sendmail: Lhost = {
  name: "V5sendmail",
  detect: (mail) => mail.text.includes("----- Transcript of session follows -----") && mail.text.includes("----- Unsent message follows -----"),
  refine(_mail, drafts) {
    for (const d of drafts) {
      const first = d.diagnostic.split("\n")[0] ?? "";
      if (d.status === "" && RECIPIENT_LINE_RE.test(first)) d.diagnostic = first;
    }
  },
};
