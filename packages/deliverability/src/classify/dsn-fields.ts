/**
 * RFC 3464 delivery-status fields (§2.2 per-message, §2.3 per-recipient) from the text of a
 * message/delivery-status part, or from a body where a bounce generator pasted the same fields inline.
 * Header-style folding (RFC 5322 §2.2.3) is undone before the fields are read.
 */
import { type BounceReason } from "./types.ts";

export interface DsnRecipientFields {
  finalRecipient: string;
  originalRecipient: string;
  action: string;
  status: string;
  diagnosticType: string;
  diagnostic: string;
  remoteMta: string;
  /** The Postfix/Sendmail X-Actual-Recipient or similar, when present. */
  actualRecipient: string;
  /**
   * The comment after the Status code ("Status: 5.2.1 (mailbox disabled, not accepting messages)"):
   * RFC 5322 §3.2.2 comments are allowed in the field, and some MTAs explain the code there.
   */
  statusComment: string;
  /** A reason the generating MTA stated in its own extension field (PowerMTA's bounce category). */
  vendorReason?: BounceReason;
}

/**
 * PowerMTA's X-PowerMTA-BounceCategory (https://bird.com/email/power-mta), as Sisimai reads it
 * (rfc3464/returnedby-powermta.go).
 */
const POWERMTA_CATEGORIES: Record<string, BounceReason> = {
  "bad-domain": "hostunknown",
  "bad-mailbox": "userunknown",
  "inactive-mailbox": "suspend",
  "message-expired": "expired",
  "no-answer-from-host": "networkerror",
  "policy-related": "policyviolation",
  "quota-issues": "mailboxfull",
  "routing-errors": "systemerror",
  "spam-related": "spamdetected",
};

export interface DsnFields {
  reportingMta: string;
  recipients: DsnRecipientFields[];
}

/** "rfc822; user@example.org" → "user@example.org"; angle brackets and trailing dots removed. */
export function addressFromTyped(value: string): string {
  const afterType = value.includes(";") ? value.slice(value.indexOf(";") + 1) : value;
  return afterType.trim().replace(/^<|>$/g, "").replace(/^"|"$/g, "").trim().toLowerCase();
}

function emptyRecipient(): DsnRecipientFields {
  return {
    finalRecipient: "",
    originalRecipient: "",
    action: "",
    status: "",
    diagnosticType: "",
    diagnostic: "",
    remoteMta: "",
    actualRecipient: "",
    statusComment: "",
  };
}

/** Unfolds continuation lines (leading whitespace) into the field they continue. */
function unfold(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const last = out.length - 1;
    if (/^[ \t]+\S/.test(line) && last >= 0 && out[last] !== "") out[last] = `${out[last]} ${line.trim()}`;
    else out.push(line.trimEnd());
  }
  return out;
}

const FIELD_RE = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;

type PerRecipientKey = "action" | "status" | "statusComment" | "diagnosticType" | "diagnostic" | "remoteMta";

/**
 * Reads every per-recipient group in `text`; a group starts at Final- or Original-Recipient. RFC 3464
 * §2.1 separates groups by blank lines but does not order fields inside one, and some generators put
 * Diagnostic-Code or Status before Final-Recipient: such fields wait for the group's address.
 */
export function parseDsnFields(text: string): DsnFields {
  const fields: DsnFields = { reportingMta: "", recipients: [] };
  let current: DsnRecipientFields | undefined;
  /** Whether the block since the last blank line has named its recipient yet. */
  let blockHasRecipient = false;
  let pending: Partial<Record<PerRecipientKey, string>> = {};
  const start = () => {
    current = { ...emptyRecipient(), ...pending };
    pending = {};
    fields.recipients.push(current);
    return current;
  };
  const set = (key: PerRecipientKey, value: string) => {
    if (current && blockHasRecipient) current[key] = value;
    else if (current && current[key] === "") current[key] = value;
    else pending[key] = value;
  };
  for (const line of unfold(text)) {
    if (line.trim() === "") {
      blockHasRecipient = false;
      continue;
    }
    const m = FIELD_RE.exec(line);
    if (!m?.[1]) continue;
    const name = m[1].toLowerCase();
    const value = (m[2] ?? "").trim();
    switch (name) {
      case "reporting-mta":
        fields.reportingMta = addressFromTyped(value);
        break;
      case "original-recipient":
      case "final-recipient": {
        // A group starts when this field is already set or the current group is past its address fields.
        const key = name === "final-recipient" ? "finalRecipient" : "originalRecipient";
        const fresh = current && current[key] === "" && current.action === "" && current.status === "";
        const r = current && (fresh || (blockHasRecipient && current[key] === "")) ? current : start();
        Object.assign(r, pending);
        pending = {};
        r[key] = addressFromTyped(value);
        blockHasRecipient = true;
        break;
      }
      case "x-powermta-bouncecategory": {
        const reason = POWERMTA_CATEGORIES[value.toLowerCase()];
        if (current && reason) current.vendorReason = reason;
        break;
      }
      case "x-actual-recipient":
        if (current) current.actualRecipient = addressFromTyped(value);
        break;
      case "action":
        set("action", value.toLowerCase().split(/[\s(]/)[0] ?? "");
        break;
      case "status":
        set("status", /\d\.\d{1,3}\.\d{1,3}/.exec(value)?.[0] ?? "");
        set("statusComment", /\(([^)]*)\)/.exec(value)?.[1]?.trim() ?? "");
        break;
      case "remote-mta":
        set("remoteMta", addressFromTyped(value));
        break;
      case "diagnostic-code": {
        const semi = value.indexOf(";");
        set("diagnosticType", semi >= 0 ? value.slice(0, semi).trim().toUpperCase() : "");
        set("diagnostic", (semi >= 0 ? value.slice(semi + 1) : value).trim());
        break;
      }
      default:
        break;
    }
  }
  fields.recipients = fields.recipients.filter((r) => r.finalRecipient !== "" || r.originalRecipient !== "");
  return fields;
}
