/**
 * The demo organization's marketing data (issue 13 item 9): 4,000 subscribers from five acquisition
 * sources with their signup dates, three campaigns sent through an ESP (SendGrid) over 90 days with their
 * opens, clicks and bounces, two A/B experiments — a subject-line test with a real winner and a send-time
 * test without one —, and the conversions the shop reported. The events are written through the same
 * insert as ingested ones (event-rows.ts), so the rollups, the unique-engagement counts and every view
 * computed from events see them exactly as they would see a real ESP's webhooks.
 *
 * The story the numbers tell, all from the generator below (nothing is a hard-coded result):
 * - organic and referral subscribers engage and convert best, Facebook-ads ones least;
 * - the question subject line (variant B) lifts the newsletter's open rate by about five points;
 * - sending the Black Friday promo at 15:00 instead of 09:00 changes nothing measurable;
 * - during the blocklisting (demo-history.ts) Microsoft mailboxes defer and bounce the newsletter.
 * Deterministic apart from `now`.
 */
import { createHash } from "node:crypto";

import { type Db } from "@inboxwatch/db";
import { prng } from "@inboxwatch/deliverability/random";
import { providerFor } from "@inboxwatch/deliverability/logs";
import { type EventRow, getIngestSettings, hashRecipient, insertEventRows } from "@inboxwatch/services/ingest";

import { DEMO_INCIDENT } from "./demo-history.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SENDER_DOMAIN = "news.acme-mail.example";
export const DEMO_SUBSCRIBERS = 4_000;

/** Where subscribers come from, and how much they engage and buy relative to the average. */
const SOURCES = [
  { key: "google-ads", share: 0.3, engagement: 1.0, conversion: 0.028, basket: 48 },
  { key: "organic", share: 0.24, engagement: 1.3, conversion: 0.045, basket: 62 },
  { key: "facebook-ads", share: 0.2, engagement: 0.7, conversion: 0.011, basket: 35 },
  { key: "partner-webinar", share: 0.14, engagement: 1.1, conversion: 0.022, basket: 95 },
  { key: "referral", share: 0.12, engagement: 1.35, conversion: 0.05, basket: 70 },
] as const;

/** Mailbox domains of the subscribers, by share. */
const MAILBOXES = [
  { domain: "gmail.com", share: 0.44 },
  { domain: "outlook.com", share: 0.2 },
  { domain: "yahoo.com", share: 0.13 },
  { domain: "icloud.com", share: 0.1 },
  { domain: "gmx.de", share: 0.07 },
  { domain: "acme-customers.example", share: 0.06 },
] as const;

/** The demo's two experiments, created with the data they are measured on. */
export const DEMO_EXPERIMENTS = {
  subject: {
    name: "Newsletter subject: question vs statement",
    campaign: "weekly-newsletter",
    sends: 6,
    control: { key: "statement", label: "A — “This week at Acme”" },
    treatment: { key: "question", label: "B — “Ready for this week's deals?”" },
    /** Added to the open probability of the treatment. */
    lift: 0.055,
  },
  sendTime: {
    name: "Black Friday promo: 09:00 vs 15:00",
    campaign: "black-friday",
    control: { key: "morning", label: "09:00 UTC" },
    treatment: { key: "afternoon", label: "15:00 UTC" },
  },
} as const;

interface Subscriber {
  address: string;
  hash: string;
  domain: string;
  provider: string;
  source: (typeof SOURCES)[number];
  signup: number;
}

function pick<T extends { share: number }>(items: readonly T[], r: number): T {
  let acc = 0;
  for (const item of items) {
    acc += item.share;
    if (r < acc) return item;
  }
  return items[items.length - 1] as T;
}

/** What happened to one message: its delivery outcome and, when delivered, whether it was opened and clicked. */
interface Send {
  at: number;
  campaign: string;
  variant: string;
  subscriber: Subscriber;
  openBoost: number;
}

export async function seedDemoMarketing(db: Db, orgId: string, now = Date.now()): Promise<{ events: number; conversions: number }> {
  const rand = prng(4_000_2026);
  const ctx = { db, orgId };
  const { recipientSalt } = await getIngestSettings(ctx);
  const historyStart = Math.floor((now - 90 * DAY) / DAY) * DAY;
  const incidentStart = Math.floor((now - DEMO_INCIDENT.startDaysAgo * DAY) / HOUR) * HOUR + 9 * HOUR;
  const incidentEnd = incidentStart + DEMO_INCIDENT.hours * HOUR;

  // Subscribers: signups over the last 150 days, a third of them before the history begins.
  const subscribers: Subscriber[] = [];
  for (let i = 0; i < DEMO_SUBSCRIBERS; i++) {
    const mailbox = pick(MAILBOXES, rand());
    const address = `subscriber${i}@${mailbox.domain}`;
    subscribers.push({
      address,
      hash: hashRecipient(recipientSalt, address),
      domain: mailbox.domain,
      provider: providerFor(mailbox.domain),
      source: pick(SOURCES, rand()),
      signup: Math.floor((now - 150 * DAY + rand() * 148 * DAY) / DAY) * DAY,
    });
  }
  for (let i = 0; i < subscribers.length; i += 2_000) {
    await db.recipientProfile.createMany({
      data: subscribers.slice(i, i + 2_000).map((s) => ({
        orgId,
        recipientHash: s.hash,
        acquisitionSource: s.source.key,
        signupDate: new Date(s.signup),
      })),
      skipDuplicates: true,
    });
  }

  // The sends: the newsletter every Tuesday at 10:00 to everyone signed up by then (the last six as the
  // subject-line experiment), a welcome mail the day after signup, and the Black Friday promo 16 days ago
  // split between two send times.
  const sends: Send[] = [];
  const tuesdays: number[] = [];
  for (let day = historyStart; day < now - DAY; day += DAY) if (new Date(day).getUTCDay() === 2) tuesdays.push(day + 10 * HOUR);
  const experimentSends = new Set(tuesdays.slice(-DEMO_EXPERIMENTS.subject.sends));
  for (const at of tuesdays) {
    for (const s of subscribers) {
      if (s.signup > at) continue;
      const inExperiment = experimentSends.has(at);
      const treated = inExperiment && s.hash.charCodeAt(0) % 2 === 1;
      sends.push({
        at: at + Math.floor(rand() * 40) * 60_000,
        campaign: DEMO_EXPERIMENTS.subject.campaign,
        variant: inExperiment ? (treated ? DEMO_EXPERIMENTS.subject.treatment.key : DEMO_EXPERIMENTS.subject.control.key) : "",
        subscriber: s,
        openBoost: treated ? DEMO_EXPERIMENTS.subject.lift : 0,
      });
    }
  }
  for (const s of subscribers) {
    const at = s.signup + DAY + 8 * HOUR;
    if (at >= historyStart && at < now - DAY) sends.push({ at, campaign: "welcome", variant: "", subscriber: s, openBoost: 0.15 });
  }
  const promoDay = Math.floor((now - 16 * DAY) / DAY) * DAY;
  for (const s of subscribers) {
    if (s.signup > promoDay) continue;
    const afternoon = s.hash.charCodeAt(1) % 2 === 1;
    sends.push({
      at: promoDay + (afternoon ? 15 : 9) * HOUR + Math.floor(rand() * 30) * 60_000,
      campaign: DEMO_EXPERIMENTS.sendTime.campaign,
      variant: afternoon ? DEMO_EXPERIMENTS.sendTime.treatment.key : DEMO_EXPERIMENTS.sendTime.control.key,
      subscriber: s,
      openBoost: 0.02,
    });
  }

  // Outcomes, as the ESP's webhook events would report them.
  const rows: EventRow[] = [];
  const clicked: { subscriber: Subscriber; at: number; campaign: string }[] = [];
  let n = 0;
  for (const send of sends) {
    const s = send.subscriber;
    const messageId = `<${send.campaign}.${(n++).toString(36)}@${SENDER_DOMAIN}>`;
    const event = (
      at: number,
      fields: Pick<EventRow, "status" | "eventType" | "category" | "reason" | "replyCode" | "enhancedCode" | "response"> & {
        delaySeconds?: number;
      },
    ) => {
      const row: EventRow = {
        orgId,
        time: new Date(at),
        source: "sendgrid",
        host: "",
        queueId: "",
        messageId,
        campaign: send.campaign,
        variant: send.variant,
        senderDomain: SENDER_DOMAIN,
        recipientDomain: s.domain,
        recipientHash: s.hash,
        recipient: null,
        provider: s.provider,
        relayHost: "",
        relayIp: "",
        delaySeconds: fields.delaySeconds ?? null,
        serverId: null,
        hop: null,
        engagementTracked: true,
        eventKey: createHash("sha256").update([orgId, "demo-esp", messageId, s.hash, at, fields.eventType].join("\u0000")).digest("hex"),
        ...fields,
      };
      rows.push(row);
    };
    const listed = s.provider === "microsoft" && send.at >= incidentStart && send.at < incidentEnd;
    if (listed || rand() < 0.004) {
      const blocked = listed ? "550 5.7.1 Service unavailable, Client host [192.0.2.11] blocked using Spamhaus" : "550 5.1.1 User unknown";
      if (listed) {
        event(send.at + 60_000, {
          status: "deferred",
          eventType: "deferred",
          category: "reputation_blocklisted",
          reason: "blocked",
          replyCode: "451",
          enhancedCode: "4.7.1",
          response: "451 4.7.1 Temporarily deferred due to unexpected volume or user complaints",
        });
      }
      if (!listed || rand() < 0.35) {
        event(send.at + (listed ? 6 * HOUR : 60_000), {
          status: "bounced",
          eventType: "bounce",
          category: listed ? "reputation_blocklisted" : "user_unknown",
          reason: listed ? "blocked" : "userunknown",
          replyCode: "550",
          enhancedCode: listed ? "5.7.1" : "5.1.1",
          response: blocked,
        });
        continue;
      }
    }
    const deliveredAt = listed ? incidentEnd + rand() * 4 * HOUR : send.at + (2 + rand() * 25) * 1000;
    event(deliveredAt, {
      status: "sent",
      eventType: "delivered",
      category: "delivered",
      reason: "delivered",
      replyCode: "250",
      enhancedCode: "2.0.0",
      response: "250 2.0.0 OK",
      delaySeconds: (deliveredAt - send.at) / 1000,
    });
    const openP = Math.min(0.9, 0.21 * s.source.engagement + send.openBoost);
    if (rand() >= openP) continue;
    const openedAt = deliveredAt + (0.2 + rand() * rand() * 48) * HOUR;
    if (openedAt >= now) continue;
    const engagement = { status: "sent", replyCode: "", enhancedCode: "", response: "", reason: "delivered" } as const;
    event(openedAt, { ...engagement, eventType: "open", category: "open" });
    // Some read it twice: the unique counts must not count them twice.
    if (rand() < 0.3) event(openedAt + rand() * 24 * HOUR, { ...engagement, eventType: "open", category: "open" });
    if (rand() < 0.16 * s.source.engagement) {
      const clickedAt = openedAt + rand() * 10 * 60_000;
      event(clickedAt, { ...engagement, eventType: "click", category: "click" });
      clicked.push({ subscriber: s, at: clickedAt, campaign: send.campaign });
    }
    if (rand() < 0.002) event(openedAt + 60_000, { ...engagement, eventType: "unsubscribe", category: "unsubscribe" });
  }
  for (let i = 0; i < rows.length; i += 5_000) await insertEventRows({ db }, { rows: rows.slice(i, i + 5_000) });

  // Conversions the shop reported: a share of clicks buy within a few days, more from the better sources.
  const conversions = [];
  for (const c of clicked) {
    if (rand() >= c.subscriber.source.conversion * 4) continue;
    const occurredAt = c.at + rand() * 3 * DAY;
    if (occurredAt >= now) continue;
    conversions.push({
      orgId,
      externalId: `order-${10_000 + conversions.length}`,
      recipientHash: c.subscriber.hash,
      occurredAt: new Date(occurredAt),
      value: Math.round(c.subscriber.source.basket * (0.5 + rand()) * 100) / 100,
      currency: "EUR",
      campaign: c.campaign,
    });
  }
  await db.conversion.createMany({ data: conversions, skipDuplicates: true });
  await db.roiSettings.updateMany({ where: { orgId }, data: { valuePerConversion: 55 } });

  const exp = DEMO_EXPERIMENTS;
  const firstExperimentSend = [...experimentSends][0] ?? now - 42 * DAY;
  await db.experiment.createMany({
    data: [
      {
        orgId,
        name: exp.subject.name,
        hypothesis: "A question in the subject line makes more subscribers open the newsletter.",
        changeKind: "subject",
        assignBy: "variant",
        campaign: exp.subject.campaign,
        variants: [
          { key: exp.subject.control.key, label: exp.subject.control.label, description: "Statement subject line (control)" },
          { key: exp.subject.treatment.key, label: exp.subject.treatment.label, description: "Question subject line" },
        ],
        metric: "open",
        design: "sequential",
        alpha: 0.05,
        mde: 0.02,
        startsAt: new Date(firstExperimentSend - HOUR),
        status: "RUNNING",
      },
      {
        orgId,
        name: exp.sendTime.name,
        hypothesis: "Sending the promo in the afternoon gets more clicks.",
        changeKind: "cadence",
        assignBy: "variant",
        campaign: exp.sendTime.campaign,
        variants: [
          { key: exp.sendTime.control.key, label: exp.sendTime.control.label, description: "Sent at 09:00 UTC (control)" },
          { key: exp.sendTime.treatment.key, label: exp.sendTime.treatment.label, description: "Sent at 15:00 UTC" },
        ],
        metric: "click",
        design: "fixed",
        alpha: 0.05,
        mde: 0.02,
        startsAt: new Date(promoDay),
        endsAt: new Date(promoDay + 7 * DAY),
        status: "STOPPED",
      },
    ],
  });
  return { events: rows.length, conversions: conversions.length };
}
