/**
 * Amazon SES (sending) bounces mailed as RFC 3464 reports (X-SES-Outgoing / X-AWS-Outgoing headers,
 * "An error occurred while trying to deliver the mail to the following recipients:"). SES states
 * 5.0.0 or 5.1.0 for many replies whose own enhanced code is precise ("550 5.7.1 …"): that code is
 * used instead, and SES's "Delivery expired" is a queue expiry (Sisimai Lhost/AmazonSES.pm). The JSON
 * notifications are read by dsn-ses.ts.
 */
import { findEnhancedCode } from "../status.ts";
import { type Lhost } from "./types.ts";

/** Status values SES writes when it has no better one (AmazonSES.pm: /\A[45][.][01][.]0\z/). */
const VAGUE_STATUS_RE = /^[45]\.[01]\.0$/;
/** A code quoted inside the reply: "… '5.7.1 Message rejected' …". */
const QUOTED_CODE_RE = /["'](\d\.\d\.\d.+)["']/;

export const amazonSes: Lhost = {
  name: "AmazonSES",
  detect: (mail) =>
    !mail.header("x-mailer").includes("Amazon WorkMail") && (mail.header("x-ses-outgoing") !== "" || mail.header("x-aws-outgoing") !== ""),
  refine(_mail, drafts) {
    for (const d of drafts) {
      if (VAGUE_STATUS_RE.test(d.status)) {
        const quoted = QUOTED_CODE_RE.exec(d.diagnostic)?.[1] ?? d.diagnostic;
        d.status = findEnhancedCode(quoted) || d.status;
      }
      if (d.reason === undefined && d.diagnostic.includes("Delivery expired")) d.reason = "expired";
    }
  },
};
