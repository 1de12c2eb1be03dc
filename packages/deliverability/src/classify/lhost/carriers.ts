/**
 * Japanese and US carrier/ISP bounce notices without RFC 3464 fields (Sisimai lhost/via-biglobe.go,
 * via-verizon.go): fixed section markers, one address per failed recipient.
 */
import { type BounceReason } from "../types.ts";
import { emptyDraft, reasonByPhrases, type Draft, type Lhost } from "./types.ts";

const ADDRESS_RE = /<?([^\s<>@"]+@[A-Za-z0-9.-]+[A-Za-z0-9])>?/;

/** BIGLOBE and its hosted domains. */
const BIGLOBE_MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  filtered: ["Mail Delivery Failed... User unknown"],
  mailboxfull: ["The number of messages in recipient's mailbox exceeded the local limit."],
};

export const biglobe: Lhost = {
  name: "Biglobe",
  detect: (mail) => /postmaster@(?:biglobe|inacatv|tmtv|ttv)\.ne\.jp/i.test(mail.from) && mail.subject.startsWith("Returned mail:"),
  parse(mail) {
    const problems = mail.text.indexOf("----- The following addresses had delivery problems -----");
    if (problems < 0) return undefined;
    const infoAt = mail.text.indexOf("----- Non-delivered information -----", problems);
    const listEnd = infoAt < 0 ? mail.text.length : infoAt;
    const info = infoAt < 0 ? "" : (mail.text.slice(infoAt + 37).split(/\n\s*\n|\n--/)[0] ?? "").trim();
    const drafts: Draft[] = [];
    for (const line of mail.text.slice(problems, listEnd).split("\n").slice(1)) {
      const address = ADDRESS_RE.exec(line.trim())?.[1];
      if (address) drafts.push({ ...emptyDraft(address.toLowerCase()), diagnostic: info, reason: reasonByPhrases(info, BIGLOBE_MESSAGES) });
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};

/** Verizon Wireless text-message gateways (vtext.com, vzwpix.com). */
export const verizon: Lhost = {
  name: "Verizon",
  detect: (mail) => /post_master@vtext\.com|sysadmin@vzwpix\.com/i.test(mail.from),
  parse(mail) {
    const rcpt = /^\s*RCPT TO:\s*(\S+@\S+)/m.exec(mail.text)?.[1];
    if (!rcpt) return undefined;
    const below = /Error message below:\s*\n(.*)/.exec(mail.text)?.[1]?.trim() ?? "";
    const reason: BounceReason | undefined = below.includes("Requested action not taken: no such user here") ? "userunknown" : undefined;
    return [{ ...emptyDraft(rcpt.replace(/^<|>$/g, "").toLowerCase()), diagnostic: below, command: "RCPT", reason }];
  },
};
