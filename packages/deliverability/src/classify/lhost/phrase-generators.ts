/**
 * Generators whose bounces the generic reader cuts correctly but whose own error strings name the
 * reason more precisely than the generic lists do (Sisimai lhost/via-domino.go, via-imailserver.go,
 * via-courier.go, via-notes.go).
 */
import { type BounceReason } from "../types.ts";
import { findCommand } from "../smtp-command.ts";
import { reasonByPhrases, type Lhost } from "./types.ts";

/** HCL/IBM Domino: "User x (addr) not listed in Domino Directory". */
const DOMINO: Partial<Record<BounceReason, readonly string[]>> = {
  userunknown: [
    "not listed in Domino Directory",
    "not listed in public Name & Address Book",
    "no se encuentra en el Directorio de Domino",
    "non répertorié dans l'annuaire Domino",
    "Domino ディレクトリには見つかりません",
  ],
  filtered: ["Cannot route mail to user"],
  systemerror: ["Several matches found in Domino Directory"],
};

/** The French message when the notice is in ISO-8859-1 and its accents did not survive decoding. */
const DOMINO_LATIN1_UNKNOWN = ["non r", "pertori", "dans l'annuaire Domino"];

export const domino: Lhost = {
  name: "Domino",
  detect: (mail) => mail.subject.startsWith("DELIVERY FAILURE:") || mail.subject.includes("DELIVERY_FAILURE"),
  refine(_mail, drafts) {
    for (const d of drafts) {
      d.reason ??= reasonByPhrases(d.diagnostic, DOMINO);
      if (d.reason === undefined && inOrder(d.diagnostic, DOMINO_LATIN1_UNKNOWN)) d.reason = "userunknown";
    }
  },
};

/** Whether `parts` occur in `text` one after another. */
function inOrder(text: string, parts: readonly string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Ipswitch IMail Server (X-Mailer: <SMTP32 vN>). */
const IMAIL: Partial<Record<BounceReason, readonly string[]>> = {
  hostunknown: ["Unknown host"],
  userunknown: ["Unknown user", "Invalid final delivery userid"],
  mailboxfull: ["User mailbox exceeds allowed size"],
  securityerror: ["Secure connection required"],
  virusdetected: ["Requested action not taken: virus detected"],
  spamdetected: ["Blacklisted URL in message"],
  expired: ["Delivery failed "],
};
const IMAIL_RESPONSE = "Body of message generated response:";

export const iMailServer: Lhost = {
  name: "IMailServer",
  detect: (mail) => mail.header("x-mailer").trim().startsWith("<SMTP32 v"),
  refine(mail, drafts) {
    const at = mail.human.indexOf(IMAIL_RESPONSE);
    const response = at < 0 ? "" : mail.human.slice(at + IMAIL_RESPONSE.length).trim();
    for (const d of drafts) {
      if (response !== "" && drafts.length === 1) d.diagnostic = response;
      d.reason ??= reasonByPhrases(d.diagnostic, IMAIL);
    }
  },
};

/**
 * Courier MTA (https://www.courier-mta.org/courierdsn.html): esmtpclient.c's DNS errors name the
 * reason, and the transcript's last ">>> " line names the command the server answered.
 */
const COURIER: Partial<Record<BounceReason, readonly string[]>> = {
  hostunknown: ["No such domain."],
  systemerror: ["This domain's DNS violates RFC 1035."],
  networkerror: ["DNS lookup failed."],
};

export const courier: Lhost = {
  name: "Courier",
  detect: (mail) =>
    mail.from.includes("Courier mail server at ") ||
    mail.subject.includes("NOTICE: mail delivery status.") ||
    mail.subject.includes("WARNING: delayed mail.") ||
    mail.messageId.startsWith("<courier.") ||
    mail.human.includes("running the Courier mail server"),
  refine(mail, drafts) {
    const commands = [...mail.text.matchAll(/^>>> (.*)$/gm)].map((m) => findCommand(m[1] ?? "")).filter((c) => c !== "");
    for (const d of drafts) {
      if (commands.length > 0) d.command = commands[commands.length - 1] ?? d.command;
      d.reason ??= reasonByPhrases(d.diagnostic, COURIER);
    }
  },
};

/** Lotus Notes SMTP MTA: "------- Failure Reasons --------" then the reason, then the address. */
const NOTES: Partial<Record<BounceReason, readonly string[]>> = {
  userunknown: ["User not listed in public Name & Address Book"],
  networkerror: ["Message has exceeded maximum hop count"],
};

export const notes: Lhost = {
  name: "Notes",
  detect: (mail) => mail.subject.startsWith("Undeliverable message") && /^-+ Failure Reasons\s+-+$/m.test(mail.human),
  refine(_mail, drafts) {
    for (const d of drafts) d.reason ??= reasonByPhrases(d.diagnostic.replace(/\s+/g, " "), NOTES);
  },
};
