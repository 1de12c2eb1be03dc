/**
 * A realistic frozen report for tests, previews and the bench: Northwind Outfitters' weekly report for
 * 30 Nov – 6 Dec 2026 (Europe/Berlin) — three servers × ports 25/587/465, six providers, a Microsoft
 * deferral spike after 203.0.113.7 was listed on Spamhaus on Tuesday, two incidents with comments, drift,
 * three DMARC sources failing alignment, complaints against the providers' thresholds, ROI, campaigns and
 * an experiment. `sampleNoMailFigures()` is the same organization in a week with no mail in scope.
 *
 * Both return a fresh object each call, so a test may mutate its copy (hostile strings, other audiences).
 */
import { type KpiValue } from "@inboxwatch/analytics/kpi";

import { REPORT_FIGURES_VERSION, type HeadlineKpi, type ReportFigures, type ServerPorts } from "../figures.ts";

const ok = (value: number, volume: number): KpiValue => ({ state: "ok", value, volume });
const NO_DATA: KpiValue = { state: "no-data" };

/** A 40×40 indigo rounded square with a white "N": an inline SVG logo, as organizations upload them. */
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" rx="9" fill="#312e81"/>' +
  '<path d="M12 29V11h3.2l9.4 12.6V11H28v18h-3.1l-9.5-12.7V29z" fill="#fff"/></svg>';
export const SAMPLE_LOGO_DATA_URL = `data:image/svg+xml;base64,${Buffer.from(LOGO_SVG).toString("base64")}`;

const DAYS = [
  "2026-11-30T00:00:00.000+01:00",
  "2026-12-01T00:00:00.000+01:00",
  "2026-12-02T00:00:00.000+01:00",
  "2026-12-03T00:00:00.000+01:00",
  "2026-12-04T00:00:00.000+01:00",
  "2026-12-05T00:00:00.000+01:00",
  "2026-12-06T00:00:00.000+01:00",
];

const ATTEMPTED = 1_284_310;
const PREVIOUS_ATTEMPTED = 1_251_902;

function headline(): HeadlineKpi[] {
  return [
    {
      id: "accepted_rate",
      label: "Accepted",
      unit: "fraction",
      better: "higher",
      current: ok(0.9641, ATTEMPTED),
      previous: ok(0.9772, PREVIOUS_ATTEMPTED),
      delta: -0.0131,
      display: "96.4 %",
      deltaDisplay: "−1.3 pt",
      trend: "worse",
      sparkline: [0.978, 0.951, 0.948, 0.962, 0.973, 0.975, 0.976],
    },
    {
      id: "deferral_rate",
      label: "Deferred (4xx)",
      unit: "fraction",
      better: "lower",
      current: ok(0.0312, ATTEMPTED),
      previous: ok(0.0188, PREVIOUS_ATTEMPTED),
      delta: 0.0124,
      display: "3.1 %",
      deltaDisplay: "+1.2 pt",
      trend: "worse",
      sparkline: [0.017, 0.046, 0.049, 0.034, 0.022, 0.02, 0.019],
    },
    {
      id: "hard_bounce_rate",
      label: "Hard bounces",
      unit: "fraction",
      better: "lower",
      current: ok(0.0042, ATTEMPTED),
      previous: ok(0.0047, PREVIOUS_ATTEMPTED),
      delta: -0.0005,
      display: "0.42 %",
      deltaDisplay: "−0.05 pt",
      trend: "better",
      sparkline: [0.0045, 0.0041, 0.0043, 0.004, 0.0042, 0.0044, 0.0039],
    },
    {
      id: "complaint_rate",
      label: "Spam complaints",
      unit: "fraction",
      better: "lower",
      current: ok(0.0008, 1_198_220),
      previous: ok(0.0007, 1_190_114),
      delta: 0.0001,
      display: "0.08 %",
      deltaDisplay: "+0.01 pt",
      trend: "flat",
      sparkline: [0.0007, 0.0008, 0.0009, 0.0008, 0.0008, 0.0007, 0.0008],
    },
    {
      id: "dmarc_pass_rate",
      label: "DMARC pass",
      unit: "fraction",
      better: "higher",
      current: ok(0.978, 1_102_448),
      previous: ok(0.972, 1_088_301),
      delta: 0.006,
      display: "97.8 %",
      deltaDisplay: "+0.6 pt",
      trend: "better",
      // Aggregate reports for Sunday arrive on Monday: no figure yet when the report was built.
      sparkline: [0.974, 0.977, 0.979, 0.978, 0.98, 0.979, null],
    },
    {
      id: "uptime_25",
      label: "Port 25 uptime",
      unit: "fraction",
      better: "higher",
      current: ok(0.9971, 6048),
      previous: ok(0.9993, 6048),
      delta: -0.0022,
      display: "99.7 %",
      deltaDisplay: "−0.2 pt",
      trend: "flat",
      sparkline: [1, 0.995, 0.993, 1, 0.998, 0.995, 1],
    },
  ];
}

function ports(): ServerPorts[] {
  const port = (
    p: number,
    uptime: number | null,
    probes: number,
    failures: number,
    p50: number | null,
    p95: number | null,
    tls: string | null,
  ) => ({
    port: p,
    uptime,
    probes,
    failures,
    p50Ms: p50,
    p95Ms: p95,
    tls,
  });
  return [
    {
      serverId: "srv_mx1",
      hostname: "mx-out-1.northwind.example",
      ports: [
        port(25, 0.9964, 2016, 7, 182, 611, "STARTTLS · TLS 1.3"),
        port(587, 1, 2016, 0, 164, 402, "STARTTLS · TLS 1.3"),
        port(465, 1, 2016, 0, 171, 420, "TLS 1.3"),
      ],
    },
    {
      serverId: "srv_mx2",
      hostname: "mx-out-2.northwind.example",
      ports: [
        port(25, 0.999, 2016, 2, 176, 540, "STARTTLS · TLS 1.3"),
        port(587, 0.9995, 2016, 1, 160, 388, "STARTTLS · TLS 1.3"),
        port(465, 1, 2016, 0, 168, 401, "TLS 1.3"),
      ],
    },
    {
      serverId: "srv_relay",
      hostname: "relay.eu.northwind.example",
      ports: [
        port(25, 0.9959, 2016, 8, 214, 702, "STARTTLS · TLS 1.2"),
        port(587, 0.998, 2016, 4, 201, 655, "STARTTLS · TLS 1.2"),
        port(465, 0.9846, 2016, 31, 233, 1290, "TLS 1.2"),
      ],
    },
  ];
}

export function sampleFigures(): ReportFigures {
  return {
    version: REPORT_FIGURES_VERSION,
    title: "Weekly deliverability report",
    cadence: "weekly",
    audience: "leadership",
    org: { name: "Northwind Outfitters", slug: "northwind", timeZone: "Europe/Berlin", logoDataUrl: SAMPLE_LOGO_DATA_URL },
    orgUrl: "https://app.inboxwatch.example/northwind",
    generatedAt: "2026-12-07T06:00:12.000Z",
    period: { from: "2026-11-29T23:00:00.000Z", to: "2026-12-06T23:00:00.000Z", label: "30 Nov – 6 Dec 2026" },
    previousPeriod: { from: "2026-11-22T23:00:00.000Z", to: "2026-11-29T23:00:00.000Z", label: "23 – 29 Nov 2026" },
    days: [...DAYS],
    scope: { label: "All domains and servers", domains: ["northwind.example", "news.northwind.example"], servers: [], campaigns: [] },
    volume: { attempted: ATTEMPTED, previousAttempted: PREVIOUS_ATTEMPTED },
    noMail: false,
    narrative: [
      {
        sentence: "1,284,310 messages were sent, 2.6 % more than the week before; 96.4 % were accepted, 1.3 points fewer.",
        facts: [
          { label: "Messages sent", value: "1,284,310" },
          { label: "Change in volume", value: "+2.6 %" },
          { label: "Accepted", value: "96.4 %" },
          { label: "Change in acceptance", value: "−1.3 pt" },
        ],
      },
      {
        sentence:
          "Microsoft deferrals rose 4.1× after IP 203.0.113.7 was listed on Spamhaus ZEN on Tuesday; the listing was removed on Thursday.",
        facts: [
          { label: "Microsoft deferrals, this week", value: "8.6 %" },
          { label: "Microsoft deferrals, last week", value: "2.1 %" },
          { label: "Listed", value: "Tue 1 Dec, 09:40" },
          { label: "Delisted", value: "Thu 3 Dec, 11:15" },
        ],
      },
      {
        sentence: "Complaints stayed at 0.08 %, well below the 0.3 % that Gmail and Yahoo allow bulk senders.",
        facts: [
          { label: "Complaint rate", value: "0.08 %" },
          { label: "Gmail and Yahoo threshold", value: "0.3 %" },
        ],
      },
    ],
    headline: headline(),
    findings: [
      {
        rule: "deferral_spike_after_listing",
        severity: "critical",
        sentence: "Microsoft deferrals rose 4.1× after IP 203.0.113.7 was listed on Spamhaus ZEN on Tuesday at 09:40.",
        facts: [
          { label: "Microsoft deferrals", value: "8.6 % (was 2.1 %)" },
          { label: "IP", value: "203.0.113.7" },
          { label: "Blocklist", value: "Spamhaus ZEN" },
          { label: "Listed for", value: "2 d 1 h" },
        ],
        evidencePath: "ips/203.0.113.7",
      },
      {
        rule: "dmarc_failing_source",
        severity: "warning",
        sentence:
          "3 sources sent 18,412 messages as northwind.example that failed DMARC alignment; the largest is 198.51.100.23 (mailer.crm-cloud.example).",
        facts: [
          { label: "Failing sources", value: "3" },
          { label: "Messages", value: "18,412" },
          { label: "Largest source", value: "198.51.100.23" },
        ],
        evidencePath: "dmarc/sources?result=fail",
      },
      {
        rule: "port_unreachable",
        severity: "warning",
        sentence: "Port 465 on relay.eu.northwind.example was unreachable for 44 minutes on Saturday; 98.5 % of its probes succeeded.",
        facts: [
          { label: "Server", value: "relay.eu.northwind.example" },
          { label: "Outage", value: "44 min" },
          { label: "Port 465 uptime", value: "98.5 %" },
        ],
        evidencePath: "servers/srv_relay",
      },
      {
        rule: "dmarc_pass_improved",
        severity: "good",
        sentence: "DMARC pass rose to 97.8 % after the SPF record of news.northwind.example was fixed on Wednesday.",
        facts: [
          { label: "DMARC pass", value: "97.8 % (was 97.2 %)" },
          { label: "SPF fixed", value: "Wed 2 Dec, 16:22" },
        ],
        evidencePath: "domains/news.northwind.example",
      },
    ],
    actions: [
      {
        rule: "deferral_spike_after_listing",
        text: "Find what sent the spam trap hits from 203.0.113.7 on 30 Nov (the listing reason quotes a trap hit) and pause that stream before the next campaign.",
        actionPath: "ips/203.0.113.7",
      },
      {
        rule: "dmarc_failing_source",
        text: "Authorize mailer.crm-cloud.example in the SPF record of northwind.example and have it DKIM-sign with d=northwind.example, or stop it sending as northwind.example.",
        actionPath: "dmarc/sources?result=fail",
      },
      {
        rule: "port_unreachable",
        text: "Check the TLS listener on relay.eu.northwind.example:465 — it still offers TLS 1.2 only.",
        actionPath: "servers/srv_relay",
      },
    ],
    incidents: [
      {
        id: "inc_7Q2M",
        title: "Microsoft deferrals above 5 % from mx-out-1",
        severity: "critical",
        openedAt: "2026-12-01T09:12:00.000Z",
        resolvedAt: "2026-12-03T12:40:00.000Z",
        durationMinutes: 3088,
        outcome: "resolved",
        timeline: [
          { at: "2026-12-01T08:40:00.000Z", kind: "drift", text: "203.0.113.7 listed on Spamhaus ZEN" },
          { at: "2026-12-01T09:12:00.000Z", kind: "opened", text: "Deferral rate to Microsoft 6.2 % over 30 min (threshold 5 %)" },
          { at: "2026-12-01T09:31:00.000Z", kind: "acknowledged", text: "Acknowledged by Priya Raman" },
          { at: "2026-12-03T10:15:00.000Z", kind: "drift", text: "203.0.113.7 delisted from Spamhaus ZEN" },
          { at: "2026-12-03T12:40:00.000Z", kind: "resolved", text: "Deferral rate to Microsoft 1.9 % over 2 h" },
        ],
        comments: [
          {
            at: "2026-12-01T09:44:00.000Z",
            author: "Priya Raman",
            text: "Spamhaus lists 203.0.113.7 for a spam trap hit on 30 Nov. Moved Microsoft traffic to 203.0.113.8 while we investigate.",
          },
          {
            at: "2026-12-02T14:05:00.000Z",
            author: "Jonas Weber",
            text: "Trap hit came from the reactivation stream (addresses inactive > 18 months). Stream paused, delisting requested.",
          },
        ],
      },
      {
        id: "inc_8K4D",
        title: "Port 465 unreachable on relay.eu.northwind.example",
        severity: "warning",
        openedAt: "2026-12-05T01:14:00.000Z",
        resolvedAt: "2026-12-05T01:58:00.000Z",
        durationMinutes: 44,
        outcome: "resolved by maintenance",
        timeline: [
          { at: "2026-12-05T01:14:00.000Z", kind: "opened", text: "3 consecutive probes of port 465 failed: connection refused" },
          { at: "2026-12-05T01:58:00.000Z", kind: "resolved", text: "Probe succeeded: TLS 1.2 handshake in 233 ms" },
        ],
        comments: [
          {
            at: "2026-12-05T08:20:00.000Z",
            author: "Jonas Weber",
            text: "Planned restart of the relay for a kernel update; should have been a maintenance window.",
          },
        ],
      },
    ],
    drift: [
      {
        at: "2026-12-01T08:40:00.000Z",
        kind: "blocklist",
        subject: "203.0.113.7",
        change: "listed on Spamhaus ZEN",
        before: "not listed",
        after: "listed (SBL: spam trap hit)",
        evidencePath: "ips/203.0.113.7",
      },
      {
        at: "2026-12-02T15:22:00.000Z",
        kind: "authentication",
        subject: "news.northwind.example",
        change: "SPF record changed",
        before: "v=spf1 include:_spf.esp-one.example -all",
        after: "v=spf1 include:_spf.esp-one.example include:_spf.northwind.example -all",
        evidencePath: "domains/news.northwind.example",
      },
      {
        at: "2026-12-03T10:15:00.000Z",
        kind: "blocklist",
        subject: "203.0.113.7",
        change: "delisted from Spamhaus ZEN",
        before: "listed",
        after: "not listed",
        evidencePath: "ips/203.0.113.7",
      },
      {
        at: "2026-12-04T03:00:00.000Z",
        kind: "tls",
        subject: "mx-out-2.northwind.example",
        change: "TLS certificate renewed",
        before: "expires 12 Dec 2026",
        after: "expires 4 Mar 2027",
        evidencePath: "servers/srv_mx2",
      },
    ],
    ports: ports(),
    providers: [
      {
        key: "gmail",
        label: "Gmail",
        attempted: 526_567,
        accepted: ok(0.981, 526_567),
        deferral: ok(0.012, 526_567),
        hardBounce: ok(0.0038, 526_567),
        previousAttempted: 511_240,
        deferralPrevious: ok(0.011, 511_240),
      },
      {
        key: "microsoft",
        label: "Microsoft",
        attempted: 321_078,
        accepted: ok(0.905, 321_078),
        deferral: ok(0.086, 321_078),
        hardBounce: ok(0.0051, 321_078),
        previousAttempted: 318_771,
        deferralPrevious: ok(0.021, 318_771),
      },
      {
        key: "yahoo",
        label: "Yahoo",
        attempted: 154_117,
        accepted: ok(0.973, 154_117),
        deferral: ok(0.022, 154_117),
        hardBounce: ok(0.0044, 154_117),
        previousAttempted: 150_338,
        deferralPrevious: ok(0.019, 150_338),
      },
      {
        key: "apple",
        label: "Apple iCloud",
        attempted: 115_588,
        accepted: ok(0.986, 115_588),
        deferral: ok(0.009, 115_588),
        hardBounce: ok(0.0035, 115_588),
        previousAttempted: 112_671,
        deferralPrevious: ok(0.01, 112_671),
      },
      {
        key: "gmx",
        label: "GMX & WEB.DE",
        attempted: 102_745,
        accepted: ok(0.977, 102_745),
        deferral: ok(0.018, 102_745),
        hardBounce: ok(0.0049, 102_745),
        previousAttempted: 99_870,
        deferralPrevious: ok(0.017, 99_870),
      },
      {
        key: "orange",
        label: "Orange",
        attempted: 64_215,
        accepted: ok(0.969, 64_215),
        deferral: ok(0.026, 64_215),
        hardBounce: ok(0.0047, 64_215),
        previousAttempted: 59_012,
        deferralPrevious: ok(0.024, 59_012),
      },
    ],
    replyCodes: [
      {
        code: "451 4.7.650",
        class: "4xx",
        count: 24_118,
        previousCount: 3_902,
        sample: "The mail server [203.0.113.7] has been temporarily rate limited due to IP reputation.",
      },
      { code: "421 4.7.0", class: "4xx", count: 9_447, previousCount: 8_910, sample: "Try again later, closing connection. (EHLO)" },
      {
        code: "452 4.2.2",
        class: "4xx",
        count: 3_104,
        previousCount: 3_288,
        sample: "The email account that you tried to reach is over quota.",
      },
      {
        code: "550 5.1.1",
        class: "5xx",
        count: 4_233,
        previousCount: 4_610,
        sample: "The email account that you tried to reach does not exist.",
      },
      {
        code: "554 5.7.1",
        class: "5xx",
        count: 1_006,
        previousCount: 512,
        sample: "Service unavailable; Client host [203.0.113.7] blocked using Spamhaus.",
      },
    ],
    dmarcFailingSources: [
      {
        sourceIp: "198.51.100.23",
        sourceName: "mailer.crm-cloud.example",
        headerFrom: "northwind.example",
        messages: 14_920,
        failRate: 1,
        disposition: "quarantine",
      },
      {
        sourceIp: "192.0.2.145",
        sourceName: "smtp.ticketdesk.example",
        headerFrom: "northwind.example",
        messages: 2_871,
        failRate: 0.62,
        disposition: "quarantine",
      },
      {
        sourceIp: "198.51.100.201",
        sourceName: null,
        headerFrom: "news.northwind.example",
        messages: 621,
        failRate: 1,
        disposition: "reject",
      },
    ],
    complaints: [
      {
        provider: "All providers",
        complaints: 958,
        delivered: 1_198_220,
        rate: ok(0.0008, 1_198_220),
        threshold: 0.003,
        thresholdSource: "Gmail and Yahoo sender requirements, Feb 2024",
        status: "ok",
      },
      {
        provider: "Gmail",
        complaints: 612,
        delivered: 516_562,
        rate: ok(0.0012, 516_562),
        threshold: 0.003,
        thresholdSource: "Gmail sender guidelines, Feb 2024",
        status: "ok",
      },
      {
        provider: "Yahoo",
        complaints: 281,
        delivered: 149_956,
        rate: ok(0.0019, 149_956),
        threshold: 0.003,
        thresholdSource: "Yahoo sender best practices, Feb 2024",
        status: "near",
      },
      {
        provider: "Microsoft",
        complaints: 65,
        delivered: 290_576,
        rate: ok(0.0002, 290_576),
        threshold: 0.003,
        thresholdSource: "Outlook.com high-volume sender requirements, May 2025",
        status: "ok",
      },
    ],
    roi: {
      figures: [
        {
          label: "Revenue at risk from deferred mail",
          value: "€18,940",
          formula: "deferred messages × conversion rate × average order value",
        },
        {
          label: "Revenue recovered by fixing the listing",
          value: "€12,310",
          formula: "messages delivered after delisting × conversion rate × average order value",
        },
        { label: "Cost of the incident hours", value: "€1,160", formula: "engineer hours × hourly cost" },
      ],
      inputs: [
        { label: "Conversion rate", value: "0.42 %" },
        { label: "Average order value", value: "€58.00" },
        { label: "Deferred messages (Microsoft)", value: "27,612" },
        { label: "Engineer hours", value: "14.5 h at €80" },
      ],
      currency: "EUR",
      missing: null,
    },
    marketing: {
      campaigns: [
        {
          campaign: "Winter sale — week 1",
          attempted: 612_400,
          accepted: ok(0.962, 612_400),
          openRate: ok(0.318, 480_113),
          clickRate: ok(0.047, 480_113),
          conversions: 2_412,
          revenue: 139_896,
        },
        {
          campaign: "Weekly newsletter 49",
          attempted: 401_227,
          accepted: ok(0.971, 401_227),
          openRate: ok(0.284, 322_905),
          clickRate: ok(0.031, 322_905),
          conversions: 806,
          revenue: 44_330,
        },
        {
          campaign: "Abandoned cart",
          attempted: 88_615,
          accepted: ok(0.985, 88_615),
          openRate: ok(0.452, 70_110),
          clickRate: ok(0.118, 70_110),
          conversions: 1_377,
          revenue: 83_998,
        },
        {
          campaign: "Reactivation — 18 months",
          attempted: 42_030,
          accepted: ok(0.874, 42_030),
          openRate: ok(0.061, 30_208),
          clickRate: ok(0.004, 30_208),
          conversions: 9,
          revenue: 468,
        },
      ],
      cohorts: [
        {
          sentence:
            "Subscribers acquired through checkout opt-in open most at Apple iCloud (48.2 %); those from the summer giveaway open least at Microsoft (9.7 %).",
          facts: [
            { label: "Checkout opt-in × Apple iCloud", value: "48.2 %" },
            { label: "Summer giveaway × Microsoft", value: "9.7 %" },
          ],
        },
        {
          sentence: "The reactivation stream (inactive > 18 months) produced 0.4 % clicks and the spam trap hit that listed 203.0.113.7.",
          facts: [
            { label: "Reactivation click rate", value: "0.4 %" },
            { label: "Listing", value: "Spamhaus ZEN, 1 Dec" },
          ],
        },
      ],
      experiments: [
        {
          id: "exp_subject_49",
          name: "Newsletter 49 subject line",
          status: "concluded",
          sentence: "Variant B (“Your winter kit, 20 % off”) wins on clicks: +1.2 pt over A (p = 0.01).",
          facts: [
            { label: "Clicks A", value: "2.5 %" },
            { label: "Clicks B", value: "3.7 %" },
            { label: "Difference", value: "+1.2 pt" },
            { label: "p-value", value: "0.01" },
          ],
        },
      ],
    },
  };
}

/** The same organization in a week when nothing was sent in scope: probes, incidents and drift still happened. */
export function sampleNoMailFigures(): ReportFigures {
  const base = sampleFigures();
  return {
    ...base,
    volume: { attempted: 0, previousAttempted: 0 },
    noMail: true,
    narrative: [],
    headline: base.headline.map((k) =>
      k.id === "uptime_25"
        ? k
        : {
            ...k,
            current: NO_DATA,
            previous: NO_DATA,
            delta: null,
            display: "no data",
            deltaDisplay: null,
            trend: "unknown",
            sparkline: k.sparkline.map(() => null),
          },
    ),
    findings: base.findings.filter((f) => f.rule === "port_unreachable"),
    actions: base.actions.filter((a) => a.rule === "port_unreachable"),
    incidents: base.incidents.slice(1),
    providers: [],
    replyCodes: [],
    dmarcFailingSources: [],
    complaints: [],
    roi: { figures: [], inputs: [], currency: "EUR", missing: "no mail in the period" },
    marketing: null,
  };
}
