/**
 * Gmail's own bounces (mailer-daemon@googlemail.com, "Delivery to the following recipient failed
 * permanently"): the "(state N)" suffix names the SMTP stage the remote failed at, and Google's DNS
 * and connection errors name the reason (Sisimai lhost/via-gmail.go). A precise enhanced code in
 * the quoted reply still wins over the state.
 */
import { findEnhancedCode, reasonFromStatus } from "../status.ts";
import { type BounceReason } from "../types.ts";
import { reasonByPhrases, type Lhost } from "./types.ts";

const STATES: Record<string, readonly [string, BounceReason]> = {
  "6": ["MAIL", "failedstarttls"],
  "8": ["AUTH", "systemerror"],
  "9": ["AUTH", "failedstarttls"],
  "12": ["AUTH", "norelaying"],
  "13": ["EHLO", "blocked"],
  "14": ["RCPT", "userunknown"],
  "15": ["DATA", "filtered"],
  "17": ["DATA", "filtered"],
  "18": ["DATA", "filtered"],
};
const MESSAGES: Partial<Record<BounceReason, readonly string[]>> = {
  expired: [
    "DNS Error: Could not contact DNS servers",
    "Delivery to the following recipient has been delayed",
    "The recipient server did not accept our requests to connect",
  ],
  hostunknown: ["DNS Error: Domain name not found", "DNS Error: DNS server returned answer with no data"],
};

export const gmail: Lhost = {
  name: "Gmail",
  detect: (mail) =>
    mail.from.includes("<mailer-daemon@googlemail.com>") &&
    mail.subject.includes("Delivery Status Notification") &&
    mail.text.includes("Delivery to the following recipient"),
  refine(_mail, drafts) {
    for (const d of drafts) {
      const text = d.diagnostic.replace(/\s+/g, " ");
      const state = STATES[/ \(state (\d+)\)/.exec(text)?.[1] ?? ""];
      if (state) {
        d.command = state[0];
        d.reason = state[1];
      }
      d.reason ??= reasonByPhrases(text, MESSAGES);
      if (d.reason === undefined) continue;
      const status = findEnhancedCode(text);
      if (status === "") continue;
      d.status = status;
      if (!status.includes(".0")) d.reason = reasonFromStatus(status) ?? d.reason;
    }
  },
};
