/**
 * Microsoft Exchange Server 2003 and older ("Your message … did not reach the following
 * recipient(s): addr on DATE … MSEXCH:IMS:… (000C05A6) Unknown Recipient"). The hexadecimal code in
 * the MSEXCH line is Exchange's own and decides the reason (Sisimai lhost/via-exchange2003.go).
 */
import { internalCode } from "../status.ts";
import { type BounceReason } from "../types.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const ERROR_CODES: Record<string, BounceReason> = {
  "000C05A6": "userunknown", // Unknown Recipient
  "000C0595": "filtered", // Ambiguous Recipient
  "00010256": "systemerror", // Too many recipients
  "000D06B5": "systemerror", // No proxy for recipient
  "00120270": "networkerror", // Too Many Hops
  "00050311": "contenterror", // Conversion to Internet format failed
  "000502CC": "contenterror",
  "000B0981": "securityerror", // 502 Server does not support AUTH
  "000B099C": "onhold", // Host Unknown, Message exceeds size limit, …
  "000B09AA": "onhold", // Unable to relay for, Message exceeds size limit, …
  "000B09B6": "onhold", // Error messages by remote MTA
};

export const exchange2003: Lhost = {
  name: "Exchange2003",
  detect: (mail) =>
    mail.header("x-ms-embedded-report") !== "" ||
    mail.header("x-mailer").startsWith("Internet Mail Service (") ||
    mail.header("x-mailer").startsWith("Microsoft Exchange Server Internet Mail Connector") ||
    mail.header("x-mimeole").startsWith("Produced By Microsoft Exchange") ||
    mail.header("received").includes(" with Internet Mail Service ("),
  parse(mail) {
    const body = beforeAny(mail.text, ["Content-Type: message/rfc822"]);
    const start = body.indexOf("did not reach the following recipient(s):");
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    /** Prose lines under each recipient, used when no MSEXCH code decides. */
    const prose = new Map<Draft, string>();
    let current: Draft | undefined;
    for (const line of body.slice(start).split("\n").slice(1)) {
      const at = line.indexOf("@");
      const on = line.indexOf(" on ");
      if (at > 0 && on > at) {
        // "kijitora@example.co.jp on Thu, 29 Apr 2007 …" or "c=US;…;cat:SMTP=NEKO@EXAMPLE.COM; on …"
        const smtp = /:smtp=([^;\s]+);/i.exec(line)?.[1];
        const address = (smtp ?? line.slice(0, on)).trim().toLowerCase();
        current = { ...emptyDraft(address) };
        drafts.push(current);
      } else if (current && line.startsWith(" ") && line.includes("MSEXCH:")) {
        current.diagnostic += line.trim();
      } else if (current && current.diagnostic === "") {
        prose.set(current, `${prose.get(current) ?? ""} ${line.trim()}`);
      }
    }
    for (const d of drafts) {
      const m = /MSEXCH:.*\(([0-9A-F]{8})\)\s*(.*)$/.exec(d.diagnostic);
      if (m?.[1]) {
        const reason = ERROR_CODES[m[1]];
        if (reason) {
          d.reason = reason;
          d.status = internalCode(reason, false);
        }
        d.diagnostic = m[2] ?? "";
      }
      const text = (prose.get(d) ?? "").trim();
      if (d.reason === undefined && text !== "") d.diagnostic = `${text} ${d.diagnostic}`.trim();
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};
