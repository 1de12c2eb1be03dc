/**
 * Mail appliances and servers with one fixed notice layout each (Sisimai lhost/via-activehunter.go,
 * via-apachejames.go, via-interscanmss.go, via-mailfoundry.go, via-mailmarshalsmtp.go): the failed address sits on a marked
 * line and the explanation on the lines the layout reserves for it.
 */
import { findCommand } from "../smtp-command.ts";
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const RETURNED = ["Content-Type: message/rfc822"];
const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();
const addressIn = (s: string) => /<?([^\s<>@"(),;:]+@[A-Za-z0-9.-]+[A-Za-z0-9])>?/.exec(s)?.[1]?.toLowerCase();

/** QUALITIA Active!hunter (X-AHMailID): ">>> addr <addr>" then the server's reply line. */
export const activeHunter: Lhost = {
  name: "Activehunter",
  detect: (mail) => mail.header("x-ahmailid") !== "",
  parse(mail) {
    const body = beforeAny(mail.text, RETURNED);
    const start = body.indexOf("  ----- The following addresses had permanent fatal errors -----");
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const line of body.slice(start).split("\n").slice(1)) {
      if (line.startsWith(">>> ") && line.includes("@")) {
        const address = addressIn(line.slice(4));
        if (!address) continue;
        current = emptyDraft(address);
        drafts.push(current);
      } else if (current && current.diagnostic === "" && /^[0-9A-Za-z]/.test(line)) {
        // "550 sorry, no mailbox here by that name (#5.1.1 - chkusr)": the first text line.
        current.diagnostic = squeeze(line);
      }
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};

/** Apache James (AbstractNotify.java): the error above "Message details:", the recipient in "RCPT TO: …". */
export const apacheJames: Lhost = {
  name: "ApacheJames",
  detect: (mail) =>
    mail.subject === "[BOUNCE]" || mail.messageId.includes(".JavaMail.") || mail.header("received").includes("JAMES SMTP Server"),
  parse(mail) {
    const body = beforeAny(mail.text, RETURNED);
    const details = body.indexOf("Message details:");
    if (details < 0) return undefined;
    const diagnostic = squeeze(body.slice(0, details));
    const drafts = [...body.slice(details).matchAll(/^ {2}RCPT TO: (.+)$/gm)]
      .map((m) => addressIn(m[1] ?? ""))
      .filter((a): a is string => a !== undefined)
      .map((address) => ({ ...emptyDraft(address), diagnostic }));
    return drafts.length > 0 ? drafts : undefined;
  },
};

/** Trend Micro InterScan MSS: "Sent <<< RCPT TO:<addr>" / "Received >>> 550 …" or "Unable to deliver message to <addr>". */
export const interScanMss: Lhost = {
  name: "InterScanMSS",
  detect: (mail) =>
    mail.from.startsWith('"InterScan') || mail.header("content-type").includes("InterScan") || mail.text.includes(" InterScan "),
  parse(mail) {
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of beforeAny(mail.text, RETURNED).split("\n")) {
      const line = raw.trimEnd();
      if (line === "") continue;
      const sent = line.indexOf(" <<< ");
      const received = line.indexOf(" >>> ");
      if (line.indexOf("@") > 1 && line.indexOf(" <") > 1 && (sent > 1 || received > 1 || line.includes("Unable to deliver "))) {
        const address = addressIn(line.slice(line.lastIndexOf("<")));
        if (!address) continue;
        if (!current || !address.includes(current.address)) {
          current = emptyDraft(address);
          drafts.push(current);
        }
        if (line.includes("Unable to deliver ")) current.diagnostic = line;
      }
      if (!current) continue;
      if (line.startsWith("Sent <<< ")) current.command = findCommand(line);
      else if (line.startsWith("Received >>> ")) current.diagnostic = line.slice(line.indexOf(" >>> ") + 5);
    }
    for (const d of drafts) {
      d.diagnostic = squeeze(d.diagnostic);
      // "Unable to deliver message to <addr>" is InterScan's own word for an unknown recipient.
      if (d.diagnostic.includes("Unable to deliver")) d.reason = "userunknown";
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};

/** MailFoundry (Barracuda): "Unable to deliver message to: <addr>" then "Delivery failed for the following reason:". */
export const mailFoundry: Lhost = {
  name: "MailFoundry",
  detect: (mail) => mail.subject === "Message delivery has failed" && mail.header("received").includes("(MAILFOUNDRY) id"),
  parse(mail) {
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of beforeAny(mail.text, RETURNED).split("\n")) {
      const line = raw.trimEnd();
      if (line === "") continue;
      if (line.startsWith("Unable to deliver message to: <") && line.includes("@")) {
        const address = addressIn(line.slice(line.indexOf(": <") + 2));
        if (!address) continue;
        current = emptyDraft(address);
        drafts.push(current);
      } else if (current && line === "Delivery failed for the following reason:") {
        current.diagnostic = line;
      } else if (current && current.diagnostic !== "" && !line.startsWith("-")) {
        current.diagnostic = squeeze(`${current.diagnostic} ${line}`);
      }
    }
    return drafts.length > 0 ? drafts : undefined;
  },
};

/**
 * Trustwave MailMarshal: 'Undeliverable Mail: "subject"', the reason after "Could not be delivered
 * because of", then the recipients indented under "The following recipients were affected:". Every
 * recipient gets the one reason (Sisimai gives it to the first only).
 */
export const mailMarshal: Lhost = {
  name: "MailMarshalSMTP",
  detect: (mail) => mail.subject.startsWith('Undeliverable Mail: "'),
  parse(mail) {
    const body = beforeAny(mail.text, ["'+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++"]);
    const start = body.indexOf("Your message:");
    if (start < 0) return undefined;
    let reason = "";
    let inReason = false;
    const addresses: string[] = [];
    for (const raw of body.slice(start).split("\n")) {
      const line = raw.trimEnd();
      if (line.startsWith("    ") && line.includes("@") && !/^\s*(?:From|To|Subject):/.test(line)) {
        const address = addressIn(line);
        if (address) addresses.push(address);
      } else if (line === "Could not be delivered because of") {
        reason = line;
        inReason = true;
      } else if (inReason) {
        if (line.startsWith("The following recipients were affected:")) inReason = false;
        else reason += ` ${line}`;
      }
    }
    const drafts = addresses.map((address) => ({ ...emptyDraft(address), diagnostic: squeeze(reason) }));
    return drafts.length > 0 ? drafts : undefined;
  },
};
