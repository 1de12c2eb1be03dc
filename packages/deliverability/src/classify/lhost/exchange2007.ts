/**
 * Microsoft Exchange Server 2007 and later NDRs ("Diagnostic information for administrators:", then
 * the address and "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"). The enhanced-status subject
 * code before ";" is Exchange's own and names the reason (Sisimai lhost/via-exchange2007.go; codes in
 * https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/).
 */
import { type BounceReason } from "../types.ts";
import { emptyDraft, type Lhost } from "./types.ts";

const SUBJECTS = ["Undeliverable", "Non_remis_", "Non remis ", "Non recapitabile", "Olevererbart"];
const SENDERS = ["postmaster@outlook.com", ".onmicrosoft.com"];
const ERROR_MARKERS = [" RESOLVER.", " QUEUE."];
const MESSAGE_MARKERS = [
  "Error Details",
  "Diagnostic information for administrators:",
  "Informations de diagnostic pour les administrateurs",
  "Informazioni di diagnostica per gli amministratori",
  "Diagnostisk information f",
];
/** Votes needed among subject, sender, error code, diagnostic header and Content-Language (as Sisimai). */
const MIN_VOTES = 2;

const NDR_CODES: Record<string, BounceReason> = {
  "SMTPSEND.DNS.NonExistentDomain": "hostunknown",
  "SMTPSEND.DNS.MxLoopback": "networkerror",
  "RESOLVER.ADR.BadPrimary": "systemerror",
  "RESOLVER.ADR.RecipNotFound": "userunknown",
  "RESOLVER.ADR.RecipientNotFound": "userunknown",
  "RESOLVER.ADR.ExRecipNotFound": "userunknown",
  "RESOLVER.ADR.RecipLimit": "toomanyconn",
  "RESOLVER.ADR.InvalidInSmtp": "systemerror",
  "RESOLVER.ADR.Ambiguous": "systemerror",
  "RESOLVER.RST.AuthRequired": "securityerror",
  "RESOLVER.RST.NotAuthorized": "rejected",
  "RESOLVER.RST.RecipSizeLimit": "exceedlimit",
  "QUEUE.Expired": "expired",
};
const NDR_CODE_RE = / ((?:RESOLVER|QUEUE|SMTPSEND)\.[A-Za-z.]+);/;

export const exchange2007: Lhost = {
  name: "Exchange2007",
  detect(mail) {
    const votes = [
      SUBJECTS.some((s) => mail.subject.includes(s)),
      SENDERS.some((s) => mail.from.includes(s)),
      ERROR_MARKERS.some((m) => mail.text.includes(m)),
      MESSAGE_MARKERS.some((m) => mail.text.includes(m)),
      mail.header("content-language") !== "",
    ].filter(Boolean).length;
    return votes >= MIN_VOTES;
  },
  // Only when nothing else named a recipient: "Original Message Details … Recipient Address: x".
  parse(mail) {
    if (!mail.text.includes("Original Message Details") || /^Final-Recipient:/im.test(mail.text)) return undefined;
    const address = /\nRecipient Address:\s*<?([^\s<>]+@[^\s<>]+?)>?\s*\n/.exec(mail.text)?.[1]?.toLowerCase();
    return address ? [{ ...emptyDraft(address), diagnostic: mail.human.trim() }] : undefined;
  },
  refine(mail, drafts) {
    for (const d of drafts) {
      const code = NDR_CODE_RE.exec(` ${d.diagnostic}`)?.[1] ?? (drafts.length === 1 ? NDR_CODE_RE.exec(mail.human)?.[1] : undefined);
      const reason = code ? NDR_CODES[code] : undefined;
      if (reason && d.reason === undefined) d.reason = reason;
    }
  },
};
