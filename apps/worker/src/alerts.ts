/**
 * Wiring of the alert jobs: evaluation per organization, the minute sweep, and one delivery attempt per
 * `alerts.deliver` job with the production channel dependencies (pinned HTTP transport behind the egress
 * guard, SMTP_URL or the development outbox for email).
 */
import nodemailer from "nodemailer";

import { type Db } from "@inboxwatch/db";
import { type ChannelDeps, type MailTransport, createPinnedHttpTransport } from "@inboxwatch/services/alerts/index";
import { deliverNotification, evaluateRules, sendDueDigests, sweepAlertEvaluations } from "@inboxwatch/services/alerting/index";
import { deliverMail, servicesEnv } from "@inboxwatch/services";

/** Bounds a hung SMTP server during an alert email; the attempt is retried with backoff. */
const ALERT_SMTP_TIMEOUT_MS = 15_000;

/** Alert emails through SMTP_URL, or into the development outbox (one row per recipient) without it. */
function alertMailer(db: Db): MailTransport {
  const env = servicesEnv();
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL, { connectionTimeout: ALERT_SMTP_TIMEOUT_MS, greetingTimeout: ALERT_SMTP_TIMEOUT_MS, socketTimeout: ALERT_SMTP_TIMEOUT_MS });
    return { sendMail: (mail) => transport.sendMail(mail) };
  }
  return {
    async sendMail(mail) {
      for (const to of mail.to) await deliverMail(db, { to, subject: mail.subject, text: mail.text, html: mail.html });
      return { messageId: mail.messageId, response: "250 stored in the outbox" };
    },
  };
}

let channelDeps: ChannelDeps | undefined;
function deps(db: Db): ChannelDeps {
  channelDeps ??= { http: createPinnedHttpTransport(), now: () => Date.now(), mailer: alertMailer(db), mailFrom: servicesEnv().MAIL_FROM };
  return channelDeps;
}

export const evaluateJob = (payload: { orgId: string; ruleIds?: string[] | undefined }, { db }: { db: Db }) =>
  evaluateRules(db, { orgId: payload.orgId, ...(payload.ruleIds ? { ruleIds: payload.ruleIds } : {}) });
export const sweepJob = (_payload: unknown, { db }: { db: Db }) => sweepAlertEvaluations(db);
export const digestJob = (_payload: unknown, { db }: { db: Db }) => sendDueDigests(db);
export const deliverJob = (payload: { notificationId: string }, { db }: { db: Db }) => deliverNotification(db, payload, { channel: deps(db) });
