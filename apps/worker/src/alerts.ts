/**
 * Wiring of the alert jobs: evaluation per organization, the minute sweep, and one delivery attempt per
 * `alerts.deliver` job with the production channel dependencies (pinned HTTP transport behind the egress
 * guard, SMTP_URL or the development outbox for email).
 */
import nodemailer from "nodemailer";

import { type Db } from "@inboxwatch/db";
import {
  deliverNotification,
  evaluateOrganizations,
  evaluateRules,
  platformHttpTransport,
  sendDueDigests,
  sweepAlertEvaluations,
} from "@inboxwatch/alerting";
import { type ChannelDeps, type MailTransport } from "@inboxwatch/alerting/engine";
import { forOrg, servicesEnv, systemContext } from "@inboxwatch/services";
import { deliverMail } from "@inboxwatch/services/mail";

/** Bounds a hung SMTP server during an alert email; the attempt is retried with backoff. */
const ALERT_SMTP_TIMEOUT_MS = 15_000;

/** Alert emails through SMTP_URL, or into the development outbox (one row per recipient) without it. */
function alertMailer(db: Db): MailTransport {
  const env = servicesEnv();
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL, {
      connectionTimeout: ALERT_SMTP_TIMEOUT_MS,
      greetingTimeout: ALERT_SMTP_TIMEOUT_MS,
      socketTimeout: ALERT_SMTP_TIMEOUT_MS,
    });
    return { sendMail: (mail) => transport.sendMail(mail) };
  }
  return {
    async sendMail(mail) {
      for (const to of mail.to)
        await deliverMail(systemContext(db, "alert mail"), { to, subject: mail.subject, text: mail.text, html: mail.html });
      return { messageId: mail.messageId, response: "250 stored in the outbox" };
    },
  };
}

let channelDeps: ChannelDeps | undefined;
function deps(db: Db): ChannelDeps {
  channelDeps ??= { http: platformHttpTransport(), now: () => Date.now(), mailer: alertMailer(db), mailFrom: servicesEnv().MAIL_FROM };
  return channelDeps;
}

export const evaluateJob = (payload: { orgId: string; ruleIds?: string[] | undefined }, { db }: { db: Db }) =>
  evaluateRules(forOrg(systemContext(db, "alert evaluator"), payload.orgId), payload.ruleIds ? { ruleIds: payload.ruleIds } : {});
export const sweepJob = (_payload: unknown, { db }: { db: Db }) => sweepAlertEvaluations(systemContext(db, "alert sweep"));
export const digestJob = (_payload: unknown, { db }: { db: Db }) => sendDueDigests(systemContext(db, "alert digest"));
export const deliverJob = (payload: { notificationId: string }, { db }: { db: Db }) =>
  deliverNotification(systemContext(db, "alert delivery"), payload, { channel: deps(db) });

/**
 * Evaluations fetched at once by one poller. A burst of signals (a probe failing on 100 servers, a log
 * batch touching many domains) queues many `alerts.evaluate` jobs; a batch is coalesced into ONE
 * evaluation per organization (the union of their rule ids, or all rules if any job asked for all), so the
 * queue drains at batch speed instead of one job per poll.
 */
export const EVALUATE_BATCH_SIZE = 50;
/**
 * Deliveries fetched at once by one poller and sent in parallel. A failed batch is retried whole, which is
 * safe: `deliverNotification` skips notifications already final or not yet due.
 */
export const DELIVER_BATCH_SIZE = 10;

type EvaluatePayload = { orgId: string; ruleIds?: string[] | undefined };

/** Coalesces evaluation payloads per organization: null = all enabled rules. */
export function coalesceEvaluations(payloads: readonly EvaluatePayload[]): Map<string, Set<string> | null> {
  const byOrg = new Map<string, Set<string> | null>();
  for (const p of payloads) {
    const current = byOrg.get(p.orgId);
    if (!p.ruleIds) byOrg.set(p.orgId, null);
    else if (current !== null) {
      const ids = current ?? new Set<string>();
      for (const id of p.ruleIds) ids.add(id);
      byOrg.set(p.orgId, ids);
    }
  }
  return byOrg;
}

/**
 * One evaluation for the whole batch: its organizations' rules, incidents and inputs are read with one
 * query per kind (evaluateOrganizations), not one round of queries per organization. A failure fails the
 * batch so pg-boss retries it (evaluation is idempotent).
 */
export async function evaluateBatchJob(payloads: EvaluatePayload[], { db }: { db: Db }) {
  const work = [...coalesceEvaluations(payloads)];
  await evaluateOrganizations(systemContext(db, "alert evaluator"), {
    orgs: work.map(([orgId, ids]) => ({ orgId, ...(ids ? { ruleIds: [...ids] } : {}) })),
  });
  return { jobs: payloads.length, organizations: work.length };
}

export async function deliverBatchJob(payloads: { notificationId: string }[], { db }: { db: Db }) {
  const settled = await Promise.allSettled(payloads.map((p) => deliverJob(p, { db })));
  const errors = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} of ${payloads.length} deliveries crashed`);
  return { delivered: payloads.length };
}
