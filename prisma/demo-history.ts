/**
 * Ninety days of history for the demo organization's analytics, before the day of live activity that
 * demo-activity.ts pushes through the real pipelines. Replaying ~200,000 log lines through the pipeline
 * would add a minute to the first `npm start`, so the history is written as the hourly and daily rollups
 * (and probe rollups) the worker would have produced — the tables the analytics read. It tells one true
 * story: weekday/weekend volume, Microsoft deferring and then bouncing after 192.0.2.11 was listed on a
 * blocklist 23 days ago (an incident with its timeline, resolved after two days), and mx1's port 25 down
 * for three hours during it. Deterministic apart from `now`.
 */
import { LATENCY_BUCKETS_SECONDS } from "@inboxwatch/analytics/kpi";
import { type Db } from "@inboxwatch/db";
import { prng } from "@inboxwatch/deliverability/random";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const HISTORY_DAYS = 90;
/** The blocklisting that dents Microsoft's acceptance: days before `now` it started and lasted. */
export const DEMO_INCIDENT = { startDaysAgo: 23, hours: 40, recoveryHours: 20 } as const;

const PROVIDERS = [
  { key: "google", share: 0.42, accepted: 0.975 },
  { key: "microsoft", share: 0.22, accepted: 0.965 },
  { key: "yahoo", share: 0.14, accepted: 0.94 },
  { key: "apple", share: 0.08, accepted: 0.98 },
  { key: "gmx", share: 0.07, accepted: 0.97 },
  { key: "other", share: 0.07, accepted: 0.96 },
] as const;
const DOMAINS = [
  { domain: "acme-mail.example", share: 0.6 },
  { domain: "news.acme-mail.example", share: 0.4 },
] as const;
/** Mail per hour on a weekday at the busiest hour; nights and weekends send less. */
const PEAK_PER_HOUR = 160;

interface RollupRow {
  orgId: string;
  senderDomain: string;
  provider: string;
  serverId: string;
  status: string;
  category: string;
  count: number;
  delaySum: number;
  delayCount: number;
  reply4xx: number;
  reply5xx: number;
  /** Accepted messages per send-latency bucket (LATENCY_BUCKETS_SECONDS), as the insert's rollup counts them. */
  latency: number[];
}

/** The reply code each synthetic outcome stands for, for the 4xx / 5xx by code chart. */
const REPLY_CODE: Record<string, string> = {
  "deferred/throttled": "421",
  "deferred/reputation_blocklisted": "451",
  "bounced/user_unknown": "550",
  "bounced/reputation_blocklisted": "554",
  "bounced/mailbox_full": "552",
};

/** `count` messages all delayed about `seconds`, as a latency histogram. */
function latencyOf(count: number, seconds: number): number[] {
  const counts = LATENCY_BUCKETS_SECONDS.map(() => 0);
  const i = LATENCY_BUCKETS_SECONDS.findIndex((upper) => seconds <= upper);
  counts[i < 0 ? counts.length - 1 : i] = count;
  return counts;
}

const addInto = (into: number[], from: readonly number[]) => from.forEach((v, i) => (into[i] = (into[i] ?? 0) + v));

/** Hourly send volume: office hours peak, a quiet night, weekends at a third. */
function volumeAt(hourStart: number): number {
  const d = new Date(hourStart);
  const h = d.getUTCHours();
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const diurnal = h < 6 ? 0.08 : h < 8 ? 0.4 : h < 18 ? 1 : h < 22 ? 0.5 : 0.15;
  return PEAK_PER_HOUR * diurnal * (weekend ? 0.35 : 1);
}

/** How far into the blocklisting an hour is: 1 while listed, falling to 0 over the recovery, else 0. */
function incidentWeight(hourStart: number, incidentStart: number): number {
  const into = hourStart - incidentStart;
  if (into < 0) return 0;
  if (into < DEMO_INCIDENT.hours * HOUR) return 1;
  const recovering = into - DEMO_INCIDENT.hours * HOUR;
  return recovering < DEMO_INCIDENT.recoveryHours * HOUR ? 1 - recovering / (DEMO_INCIDENT.recoveryHours * HOUR) : 0;
}

export async function seedDemoHistory(db: Db, orgId: string, now = Date.now()): Promise<void> {
  const rand = prng(20261207);
  const end = Math.floor((now - DAY) / HOUR) * HOUR; // where the live demo log begins
  const start = Math.floor((now - HISTORY_DAYS * DAY) / DAY) * DAY;
  const incidentStart = Math.floor((now - DEMO_INCIDENT.startDaysAgo * DAY) / HOUR) * HOUR + 9 * HOUR;
  const servers = await db.mailServer.findMany({ where: { orgId }, select: { id: true, hostname: true }, orderBy: { hostname: "asc" } });
  const mx1 = servers.find((s) => s.hostname.startsWith("mx1"));
  const relay = servers.find((s) => s.hostname.startsWith("smtp")) ?? servers[0];
  const hourly: (RollupRow & { hour: Date })[] = [];
  const daily = new Map<string, RollupRow & { day: Date }>();
  const codesHourly: {
    orgId: string;
    hour: Date;
    replyCode: string;
    provider: string;
    senderDomain: string;
    serverId: string;
    count: number;
  }[] = [];
  const codesDaily = new Map<
    string,
    { orgId: string; day: Date; replyCode: string; provider: string; senderDomain: string; serverId: string; count: number }
  >();
  const add = (hour: number, partial: Omit<RollupRow, "reply4xx" | "reply5xx" | "latency">) => {
    if (partial.count <= 0) return;
    const code = REPLY_CODE[`${partial.status}/${partial.category}`] ?? "";
    const row: RollupRow = {
      ...partial,
      reply4xx: code.startsWith("4") ? partial.count : 0,
      reply5xx: code.startsWith("5") ? partial.count : 0,
      latency: partial.status === "sent" ? latencyOf(partial.delayCount, partial.delaySum / Math.max(1, partial.delayCount)) : [],
    };
    hourly.push({ ...row, hour: new Date(hour) });
    const day = Math.floor(hour / DAY) * DAY;
    const key = [day, row.senderDomain, row.provider, row.serverId, row.status, row.category].join("|");
    const d = daily.get(key) ?? { ...row, count: 0, delaySum: 0, delayCount: 0, reply4xx: 0, reply5xx: 0, latency: [], day: new Date(day) };
    d.count += row.count;
    d.delaySum += row.delaySum;
    d.delayCount += row.delayCount;
    d.reply4xx += row.reply4xx;
    d.reply5xx += row.reply5xx;
    addInto(d.latency, row.latency);
    daily.set(key, d);
    if (code === "") return;
    const c = { orgId: row.orgId, replyCode: code, provider: row.provider, senderDomain: row.senderDomain, serverId: row.serverId };
    codesHourly.push({ ...c, hour: new Date(hour), count: row.count });
    const dayKey = [day, code, row.provider, row.senderDomain, row.serverId].join("|");
    const cd = codesDaily.get(dayKey) ?? { ...c, day: new Date(day), count: 0 };
    cd.count += row.count;
    codesDaily.set(dayKey, cd);
  };
  for (let hour = start; hour < end; hour += HOUR) {
    const listed = incidentWeight(hour, incidentStart);
    for (const domain of DOMAINS) {
      for (const p of PROVIDERS) {
        const attempts = Math.round(volumeAt(hour) * domain.share * p.share * (0.85 + rand() * 0.3));
        if (attempts === 0) continue;
        // Microsoft, while the IP is listed: most mail deferred, some bounced as blocklisted.
        const blocked = p.key === "microsoft" ? listed : 0;
        const accepted = Math.round(attempts * (p.accepted - blocked * 0.55 + (rand() - 0.5) * 0.01));
        const hard = Math.round(attempts * (blocked * 0.1 + 0.008 * rand() * 2));
        const soft = Math.round(attempts * 0.003 * rand() * 2);
        const deferred = Math.max(0, attempts - accepted - hard - soft);
        const base = { orgId, senderDomain: domain.domain, provider: p.key, serverId: relay?.id ?? "" };
        const delay = (accepted * (blocked > 0 ? 900 : 2 + rand() * 6)) | 0;
        add(hour, { ...base, status: "sent", category: "delivered", count: accepted, delaySum: delay, delayCount: accepted });
        add(hour, {
          ...base,
          status: "deferred",
          category: blocked > 0 ? "reputation_blocklisted" : "throttled",
          count: deferred,
          delaySum: 0,
          delayCount: 0,
        });
        add(hour, {
          ...base,
          status: "bounced",
          category: blocked > 0 ? "reputation_blocklisted" : "user_unknown",
          count: hard,
          delaySum: 0,
          delayCount: 0,
        });
        add(hour, { ...base, status: "bounced", category: "mailbox_full", count: soft, delaySum: 0, delayCount: 0 });
      }
    }
  }
  for (let i = 0; i < hourly.length; i += 5_000) await db.deliveryRollup.createMany({ data: hourly.slice(i, i + 5_000) });
  await db.deliveryRollupDay.createMany({ data: [...daily.values()] });
  for (let i = 0; i < codesHourly.length; i += 5_000) await db.deliveryCodeRollupHour.createMany({ data: codesHourly.slice(i, i + 5_000) });
  await db.deliveryCodeRollupDay.createMany({ data: [...codesDaily.values()] });

  // Probes: every monitored port answered every probe, except mx1's port 25 for three hours of the incident.
  const monitors = await db.monitor.findMany({
    where: { orgId, port: { in: [25, 587, 465] } },
    select: { id: true, serverId: true, port: true },
  });
  const probeRows = [];
  for (let hour = start; hour < end; hour += HOUR) {
    for (const m of monitors) {
      const down = m.serverId === mx1?.id && m.port === 25 && hour >= incidentStart + 4 * HOUR && hour < incidentStart + 7 * HOUR;
      probeRows.push({
        orgId,
        monitorId: m.id,
        hour: new Date(hour),
        probes: 12,
        ok: down ? 0 : 12,
        latencySumMs: down ? 0 : 12 * (180 + rand() * 60),
      });
    }
  }
  for (let i = 0; i < probeRows.length; i += 5_000) await db.monitorRollup.createMany({ data: probeRows.slice(i, i + 5_000) });

  // The blocklisting itself, as the DNS checks record a listing and its end: the trend's annotations.
  const listedIp = await db.sendingIp.findFirst({ where: { orgId, address: "192.0.2.11" }, select: { id: true } });
  if (listedIp) {
    const drift = { orgId, subjectType: "IP" as const, ipId: listedIp.id, check: "dnsbl" };
    await db.dnsDriftEvent.createMany({
      data: [
        {
          ...drift,
          at: new Date(incidentStart),
          type: "dnsbl.listed",
          severity: "critical",
          message: "192.0.2.11 listed on zen.spamhaus.org",
        },
        {
          ...drift,
          at: new Date(incidentStart + DEMO_INCIDENT.hours * HOUR),
          type: "dnsbl.delisted",
          severity: "warning",
          message: "192.0.2.11 no longer listed on zen.spamhaus.org",
        },
      ],
    });
  }

  // The incident the dent belongs to, resolved, with its timeline.
  const openedAt = new Date(incidentStart + 2 * HOUR);
  const resolvedAt = new Date(incidentStart + (DEMO_INCIDENT.hours + 6) * HOUR);
  await db.incident.create({
    data: {
      orgId,
      scopeKey: "ip:192.0.2.11",
      scopeType: "ip",
      status: "resolved",
      severity: "critical",
      title: "Microsoft deferrals at 58 % — 192.0.2.11 listed on a blocklist",
      openedAt,
      resolvedAt,
      acknowledgedAt: new Date(openedAt.getTime() + 20 * 60_000),
      lastValue: 58,
      evidence: {
        summary: "Deferral rate to Microsoft 58 % over 1 h (threshold 10 %), after 192.0.2.11 was listed",
        value: 58,
        threshold: 10,
        volume: 412,
        window: { from: openedAt.getTime() - HOUR, to: openedAt.getTime() },
        points: [],
        events: [],
      },
      events: {
        create: [
          { orgId, type: "fired", at: openedAt, actorLabel: "alerting" },
          { orgId, type: "acked", at: new Date(openedAt.getTime() + 20 * 60_000), actorLabel: "owner@acme-mail.example" },
          {
            orgId,
            type: "commented",
            at: new Date(openedAt.getTime() + 3 * HOUR),
            actorLabel: "owner@acme-mail.example",
            body: "Delisting requested; newsletter moved to 192.0.2.10 meanwhile.",
          },
          { orgId, type: "resolved", at: resolvedAt, actorLabel: "alerting", body: "Deferral rate back under 10 %" },
        ],
      },
    },
  });
  await db.roiSettings.upsert({
    where: { orgId },
    create: { orgId, currency: "EUR", valuePerDeliveredMessage: 0.35, costPerDowntimeHour: 400, costPerQueueDelayHour: 60 },
    update: {},
  });
}
