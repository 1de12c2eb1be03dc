/**
 * A day of believable activity for the demo organization, pushed through the REAL pipelines (log batch
 * intake and processing, report intake and processing, queue snapshots) so every page of a fresh
 * `npm start` has something to show: deliveries by provider with deferrals and bounces, a Yahoo
 * throttling episode, queue depth, two weeks of DMARC aggregate reports with an unauthorized sender, TLS
 * reports and spam complaints. Deterministic apart from `now`; runs once, when the demo org is created.
 */
import { type Db } from "@inboxwatch/db";
import { prng } from "@inboxwatch/deliverability/random";
import { acceptLogBatch, processLogBatch, recordQueueSnapshot } from "@inboxwatch/services/ingest";
import { ingestReport, processRawReport } from "@inboxwatch/services/reports";
import { systemContext } from "@inboxwatch/services";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Messages in the demo log: enough for smooth hourly charts, little enough to seed in a few seconds. */
const DEMO_MESSAGES = 1_500;
const DMARC_DAYS = 14;

interface Provider {
  domain: string;
  mx: string;
  ip: string;
  share: number;
}

const PROVIDERS: Provider[] = [
  { domain: "gmail.com", mx: "gmail-smtp-in.l.google.com", ip: "142.250.102.27", share: 0.42 },
  { domain: "outlook.com", mx: "outlook-com.olc.protection.outlook.com", ip: "52.101.68.15", share: 0.22 },
  { domain: "yahoo.com", mx: "mta7.am0.yahoodns.net", ip: "67.195.204.77", share: 0.14 },
  { domain: "icloud.com", mx: "mx01.mail.icloud.com", ip: "17.57.154.33", share: 0.08 },
  { domain: "gmx.de", mx: "mx00.emig.gmx.net", ip: "212.227.15.9", share: 0.07 },
  { domain: "customer-corp.example", mx: "mail.customer-corp.example", ip: "203.0.113.25", share: 0.07 },
];

function pickProvider(r: number): Provider {
  let acc = 0;
  for (const p of PROVIDERS) {
    acc += p.share;
    if (r < acc) return p;
  }
  return PROVIDERS[0] as Provider;
}

const QUEUE_ID_CHARS = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
function queueId(rand: () => number): string {
  let id = "4";
  for (let i = 0; i < 11; i++) id += QUEUE_ID_CHARS[Math.floor(rand() * QUEUE_ID_CHARS.length)];
  return id;
}

/** What the receiving side answered, by provider and luck; Yahoo throttles during `throttleEpisode`. */
function outcome(
  p: Provider,
  rand: () => number,
  throttled: boolean,
): { status: "sent" | "deferred" | "bounced"; dsn: string; reply: string } {
  if (throttled && p.domain === "yahoo.com" && rand() < 0.6) {
    return {
      status: "deferred",
      dsn: "4.7.0",
      reply: `host ${p.mx}[${p.ip}] said: 421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)`,
    };
  }
  const r = rand();
  if (r < 0.012)
    return {
      status: "bounced",
      dsn: "5.1.1",
      reply: `host ${p.mx}[${p.ip}] said: 550 5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command)`,
    };
  if (r < 0.016)
    return {
      status: "bounced",
      dsn: "5.2.2",
      reply: `host ${p.mx}[${p.ip}] said: 552 5.2.2 The recipient's inbox is out of storage space. (in reply to RCPT TO command)`,
    };
  if (r < 0.019 && p.domain === "outlook.com") {
    return {
      status: "bounced",
      dsn: "5.7.1",
      reply: `host ${p.mx}[${p.ip}] said: 550 5.7.1 Unfortunately, messages from [192.0.2.11] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). (in reply to MAIL FROM command)`,
    };
  }
  if (r < 0.03 && p.domain === "gmx.de")
    return {
      status: "deferred",
      dsn: "4.7.1",
      reply: `host ${p.mx}[${p.ip}] said: 451 4.7.1 Greylisted, please try again later (in reply to RCPT TO command)`,
    };
  if (r < 0.035) return { status: "deferred", dsn: "4.4.1", reply: `connect to ${p.mx}[${p.ip}]:25: Connection timed out` };
  return { status: "sent", ...acceptance(p, rand) };
}

/**
 * The receiving server's final reply to a delivered message. Postfix logs it bare (`status=sent (250 …)`),
 * without the "host x[ip] said:" it puts before rejections; each provider's wording is its own.
 */
function acceptance(p: Provider, rand: () => number): { dsn: string; reply: string } {
  const id = (length: number) => Array.from({ length }, () => QUEUE_ID_CHARS[Math.floor(rand() * QUEUE_ID_CHARS.length)]).join("");
  switch (p.domain) {
    case "gmail.com":
      return {
        dsn: "2.0.0",
        reply: `250 2.0.0 OK  ${1_764_000_000 + Math.floor(rand() * 1e7)} ${id(12)}.${Math.floor(rand() * 900) + 100} - gsmtp`,
      };
    case "outlook.com":
      return {
        dsn: "2.6.0",
        reply: `250 2.6.0 <${id(16)}@acme-mail.example> [InternalId=${Math.floor(rand() * 1e13)}, Hostname=AM7PR04MB${Math.floor(rand() * 9000) + 1000}.eurprd04.prod.outlook.com] Queued mail for delivery`,
      };
    case "yahoo.com":
      return { dsn: "2.0.0", reply: "250 ok dirdel" };
    case "gmx.de":
      return { dsn: "2.0.0", reply: `250 Requested mail action okay, completed: id=1M${id(5)}-1p${id(8)}-00${id(4)}` };
    default:
      return { dsn: "2.0.0", reply: `250 2.0.0 Ok: queued as ${id(12)}` };
  }
}

/** One Postfix log line (RFC 3339 timestamps, as rsyslog's high-precision format writes them). */
function line(time: number, host: string, daemon: string, text: string): string {
  return `${new Date(time).toISOString().replace("Z", "+00:00")} ${host} postfix/${daemon}[${1000 + (time % 9000)}]: ${text}`;
}

/**
 * Yahoo's throttling episode, five hours ago and inside one hourly batch whatever the minute the demo is
 * seeded at: a Yahoo-heavy newsletter starts at :15 (the send spike), Yahoo answers 421 from :25 to :55.
 * The detector looks at the latest hour of each batch and wants the spike in the 10 minutes before the
 * first 421, over a quieter baseline before that.
 */
function throttleEpisode(now: number): { spikeStart: number; throttleStart: number; throttleEnd: number } {
  const hour = Math.floor((now - 5 * HOUR) / HOUR) * HOUR;
  return { spikeStart: hour + 15 * 60_000, throttleStart: hour + 25 * 60_000, throttleEnd: hour + 55 * 60_000 };
}

/** The last day's Postfix log of the demo's outbound relay, in time order. */
function demoLog(now: number, rand: () => number): string[] {
  const { spikeStart, throttleStart, throttleEnd } = throttleEpisode(now);
  const entries: { time: number; text: string }[] = [];
  const host = "smtp.acme-mail.example";
  for (let i = 0; i < DEMO_MESSAGES; i++) {
    // Spread over the day, plus the newsletter burst of the throttling episode.
    let t = now - DAY + Math.floor(rand() * DAY);
    let provider = pickProvider(rand());
    if (rand() < 0.25) {
      // The newsletter burst: a quarter of the day's mail in 35 minutes, 40 % of it to Yahoo.
      t = spikeStart + Math.floor(rand() * (throttleEnd - spikeStart - 5 * 60_000));
      if (rand() < 0.4) provider = PROVIDERS.find((p) => p.domain === "yahoo.com") ?? provider;
    }
    const qid = queueId(rand);
    const newsletter = rand() < 0.35;
    const from = newsletter ? "news@news.acme-mail.example" : "billing@acme-mail.example";
    const to = `user${Math.floor(rand() * 100_000)}@${provider.domain}`;
    entries.push({
      time: t,
      text: line(t, host, "qmgr", `${qid}: from=<${from}>, size=${20_000 + Math.floor(rand() * 60_000)}, nrcpt=1 (queue active)`),
    });
    let at = t + 200 + Math.floor(rand() * 1500);
    let result = outcome(provider, rand, at >= throttleStart && at < throttleEnd);
    // A deferred message is retried (Postfix's backoff) until it is delivered or bounced.
    for (let attempt = 0; result.status === "deferred" && attempt < 3; attempt++) {
      const delay = (at - t) / 1000;
      entries.push({
        time: at,
        text: line(
          at,
          host,
          "smtp",
          `${qid}: to=<${to}>, relay=${provider.mx}[${provider.ip}]:25, delay=${delay.toFixed(1)}, delays=0.1/0/${(delay * 0.3).toFixed(1)}/${(delay * 0.7).toFixed(1)}, dsn=${result.dsn}, status=deferred (${result.reply})`,
        ),
      });
      at += (5 + attempt * 10) * 60_000 + Math.floor(rand() * 60_000);
      result = outcome(provider, rand, at >= throttleStart && at < throttleEnd);
    }
    if (at > now) continue;
    const delay = (at - t) / 1000;
    const relay = result.status === "deferred" ? "none" : `${provider.mx}[${provider.ip}]:25`;
    entries.push({
      time: at,
      text: line(
        at,
        host,
        "smtp",
        `${qid}: to=<${to}>, relay=${relay}, delay=${delay.toFixed(2)}, delays=0.05/0.01/${(delay * 0.3).toFixed(2)}/${(delay * 0.6).toFixed(2)}, dsn=${result.dsn}, status=${result.status} (${result.reply})`,
      ),
    });
    entries.push({ time: at + 5, text: line(at + 5, host, "qmgr", `${qid}: removed`) });
  }
  return entries.sort((a, b) => a.time - b.time).map((e) => e.text);
}

/** Queue snapshots every 15 minutes; the deferred queue swells while Yahoo throttles. */
function demoQueue(
  now: number,
  rand: () => number,
): { time: string; active: number; deferred: number; hold: number; oldestAgeSeconds: number }[] {
  const { throttleStart } = throttleEpisode(now);
  const out = [];
  for (let t = now - DAY; t <= now; t += 15 * 60_000) {
    const inEpisode = t >= throttleStart && t < throttleStart + 90 * 60_000;
    const deferred = Math.floor((inEpisode ? 180 : 8) + rand() * 12);
    out.push({
      time: new Date(t).toISOString(),
      active: Math.floor(3 + rand() * 20),
      deferred,
      hold: 0,
      oldestAgeSeconds: inEpisode ? 3_000 + Math.floor(rand() * 600) : Math.floor(60 + rand() * 400),
    });
  }
  return out;
}

interface DmarcSourceSpec {
  ip: string;
  count: number;
  dkim: "pass" | "fail";
  spf: "pass" | "fail";
  dkimDomain: string;
  spfDomain: string;
  reason?: string;
}

/** Who sends as acme-mail.example in the reports: our relays, our ESP, a forwarder and a spoofer. */
function dmarcSources(day: number, rand: () => number): DmarcSourceSpec[] {
  const n = (base: number) => Math.floor(base * (0.8 + rand() * 0.4));
  return [
    { ip: "192.0.2.10", count: n(900), dkim: "pass", spf: "pass", dkimDomain: "acme-mail.example", spfDomain: "acme-mail.example" },
    { ip: "192.0.2.11", count: n(600), dkim: "pass", spf: "pass", dkimDomain: "acme-mail.example", spfDomain: "acme-mail.example" },
    { ip: "167.89.118.35", count: n(350), dkim: "pass", spf: "fail", dkimDomain: "acme-mail.example", spfDomain: "sendgrid.net" },
    {
      ip: "209.85.220.41",
      count: n(25),
      dkim: "pass",
      spf: "fail",
      dkimDomain: "acme-mail.example",
      spfDomain: "forwarder.example",
      reason: "forwarded",
    },
    ...(day % 3 === 0
      ? [
          {
            ip: "185.220.101.47",
            count: n(60),
            dkim: "fail" as const,
            spf: "fail" as const,
            dkimDomain: "spoof.example",
            spfDomain: "spoof.example",
          },
        ]
      : []),
  ];
}

function dmarcXml(reporter: { org: string; email: string }, begin: number, policy: string, sources: DmarcSourceSpec[], id: string): string {
  const records = sources
    .map(
      (s) =>
        `<record><row><source_ip>${s.ip}</source_ip><count>${s.count}</count><policy_evaluated><disposition>${s.dkim === "pass" || s.spf === "pass" ? "none" : policy}</disposition><dkim>${s.dkim}</dkim><spf>${s.spf === "pass" && s.spfDomain === "acme-mail.example" ? "pass" : "fail"}</spf>${s.reason ? `<reason><type>${s.reason}</type></reason>` : ""}</policy_evaluated></row>` +
        `<identifiers><header_from>acme-mail.example</header_from><envelope_from>${s.spfDomain}</envelope_from></identifiers>` +
        `<auth_results><dkim><domain>${s.dkimDomain}</domain><selector>s1</selector><result>${s.dkim}</result></dkim><spf><domain>${s.spfDomain}</domain><scope>mfrom</scope><result>${s.spf}</result></spf></auth_results></record>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback><report_metadata><org_name>${reporter.org}</org_name><email>${reporter.email}</email><report_id>${id}</report_id><date_range><begin>${Math.floor(begin / 1000)}</begin><end>${Math.floor((begin + DAY - 1000) / 1000)}</end></date_range></report_metadata>
<policy_published><domain>acme-mail.example</domain><adkim>r</adkim><aspf>r</aspf><p>${policy}</p><sp>${policy}</sp><pct>100</pct></policy_published>
${records}
</feedback>
`;
}

function tlsReportJson(begin: number, failures: number): string {
  return JSON.stringify({
    "organization-name": "Google Inc.",
    "date-range": { "start-datetime": new Date(begin).toISOString(), "end-datetime": new Date(begin + DAY - 1000).toISOString() },
    "contact-info": "smtp-tls-reporting@google.com",
    "report-id": `${new Date(begin).toISOString()}_acme-mail.example`,
    policies: [
      {
        policy: {
          "policy-type": "sts",
          "policy-string": ["version: STSv1", "mode: enforce", "mx: mx1.acme-mail.example", "max_age: 604800"],
          "policy-domain": "acme-mail.example",
          "mx-host": ["mx1.acme-mail.example"],
        },
        summary: { "total-successful-session-count": 4_000 + failures * 7, "total-failure-session-count": failures },
        ...(failures > 0
          ? {
              "failure-details": [
                {
                  "result-type": "certificate-expired",
                  "sending-mta-ip": "209.85.220.41",
                  "receiving-mx-hostname": "mx1.acme-mail.example",
                  "failed-session-count": failures,
                },
              ],
            }
          : {}),
      },
    ],
  });
}

function arfComplaint(time: number, n: number): string {
  const date = new Date(time).toUTCString();
  return [
    "From: staff@hotmail.com",
    "To: fbl@acme-mail.example",
    `Subject: complaint about message from 192.0.2.11`,
    `Date: ${date}`,
    `Message-ID: <arf-${n}-${time}@hotmail.com>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf_boundary"',
    "",
    "--arf_boundary",
    "Content-Type: text/plain",
    "",
    "This is an email abuse report for an email message received from IP 192.0.2.11.",
    "",
    "--arf_boundary",
    "Content-Type: message/feedback-report",
    "",
    "Feedback-Type: abuse",
    "User-Agent: Microsoft JMRP/1.0",
    "Version: 1",
    "Original-Mail-From: <news@news.acme-mail.example>",
    `Arrival-Date: ${date}`,
    "Source-IP: 192.0.2.11",
    "Reported-Domain: news.acme-mail.example",
    "",
    "--arf_boundary",
    "Content-Type: message/rfc822",
    "",
    "From: Acme News <news@news.acme-mail.example>",
    `To: reader${n}@outlook.com`,
    "Subject: Black Friday: 30% off every plan",
    `Message-ID: <campaign-bf-${n}@news.acme-mail.example>`,
    "List-Id: Acme Newsletter <newsletter.news.acme-mail.example>",
    "X-Campaign-Id: black-friday-2026",
    `Date: ${date}`,
    "",
    "Our biggest sale of the year.",
    "",
    "--arf_boundary--",
    "",
  ].join("\r\n");
}

const REPORTERS = [
  { org: "google.com", email: "noreply-dmarc-support@google.com" },
  { org: "Outlook.com", email: "dmarcreport@microsoft.com" },
  { org: "Yahoo", email: "dmarchelp@yahooinc.com" },
];

/** How the org's mail splits between the reporters (Gmail sees most of it). */
const REPORTER_SHARES = [0.55, 0.3, 0.15];

export async function seedDemoActivity(db: Db, orgId: string, now = Date.now()): Promise<void> {
  const ctx = { db, orgId, actor: { type: "SYSTEM" as const, label: "demo seed" } };
  const rand = prng(20261127);

  // Delivery log, one batch per hour of log time as a shipper sends it (the detectors look at the latest
  // hour of each batch, so a whole day in one batch would hide the throttling episode).
  const byHour = new Map<string, string[]>();
  for (const l of demoLog(now, rand)) {
    const hour = l.slice(0, 13);
    byHour.set(hour, [...(byHour.get(hour) ?? []), l]);
  }
  for (const [hour, lines] of byHour) {
    const batch = await acceptLogBatch(ctx, {
      source: "smtp-relay",
      format: "postfix",
      batchId: `demo-${hour}`,
      text: Buffer.from(`${lines.join("\n")}\n`),
    });
    await processLogBatch(systemContext(db, "seed"), { batchId: batch.id });
  }
  for (const snapshot of demoQueue(now, rand)) await recordQueueSnapshot(ctx, { source: "smtp-relay", ...snapshot });

  // Reports: DMARC aggregate per reporter and day, TLS-RPT per day, a few complaints about the newsletter.
  const stored: string[] = [];
  const store = async (text: string) => {
    const { id, duplicate } = await ingestReport(ctx, { bytes: Buffer.from(text), channel: "API" });
    if (!duplicate) stored.push(id);
  };
  const today = Math.floor(now / DAY) * DAY;
  for (let d = DMARC_DAYS; d >= 1; d--) {
    const begin = today - d * DAY;
    for (const [i, reporter] of REPORTERS.entries()) {
      const share = REPORTER_SHARES[i] ?? 0.1;
      const sources = dmarcSources(d, rand).map((s) => ({ ...s, count: Math.max(1, Math.floor(s.count * share)) }));
      await store(dmarcXml(reporter, begin, "none", sources, `demo-${reporter.org}-${d}`));
    }
    await store(tlsReportJson(begin, d === 3 ? 42 : d % 5 === 0 ? 3 : 0));
  }
  for (let n = 0; n < 6; n++) await store(arfComplaint(now - (n + 1) * 3 * HOUR, n));
  for (const id of stored) await processRawReport(systemContext(db, "seed"), { orgId, rawReportId: id });
}
