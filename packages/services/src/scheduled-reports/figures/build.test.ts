// The report's figures from a fixed week on real PostgreSQL (golden): mail through ingestion's own insert
// (insertEventRows, which maintains the rollups the builder reads), a blocklisting on Tuesday after which
// Microsoft deferrals rose from 1 % to 4 %, an incident with a comment, DMARC records, feedback-loop
// complaints, probe rollups and results, SPF drift. Another organization's data of the same week must never
// show; a week without mail says so; a scope narrows the figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { unbackedNumbers } from "@inboxwatch/reporting/findings";
import { daysOf, parsePeriodKey, previousPeriodOf } from "@inboxwatch/reporting/schedule";

import { type OrgContext } from "../../context.ts";
import { type EventRow, insertEventRows } from "../../ingest/event-rows.ts";
import { buildReportFigures, type ReportFiguresInput } from "./build.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const monday = new Date("2026-11-30T00:00:00Z");
const previousMonday = new Date(monday.getTime() - 7 * DAY);

let t: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let serverId = "";

let seq = 0;
function event(orgId: string, time: Date, over: Partial<EventRow>): EventRow {
  seq++;
  return {
    orgId,
    time,
    source: "mx1",
    host: "mx",
    queueId: `Q${seq}`,
    messageId: "",
    campaign: "",
    variant: "",
    senderDomain: "acme.example",
    recipientDomain: "gmail.com",
    recipientHash: `r${seq}`,
    recipient: null,
    provider: "google",
    status: "sent",
    eventType: "delivered",
    replyCode: "250",
    enhancedCode: "",
    category: "delivered",
    reason: "",
    response: "",
    relayHost: "",
    relayIp: "",
    delaySeconds: 2,
    serverId: null,
    hop: null,
    eventKey: `k${seq}`,
    engagementTracked: false,
    ...over,
  };
}

/** `sent` accepted and `deferred` deferred messages of one provider on one day (spread over its hours). */
function day(orgId: string, start: Date, provider: string, sent: number, deferred: number, over: Partial<EventRow> = {}): EventRow[] {
  const at = (i: number) => new Date(start.getTime() + (i % 24) * HOUR + 60_000);
  const recipientDomain = provider === "microsoft" ? "outlook.com" : "gmail.com";
  const senderDomain = provider === "microsoft" ? "news.acme.example" : "acme.example";
  return [
    ...Array.from({ length: sent }, (_, i) => event(orgId, at(i), { provider, recipientDomain, senderDomain, ...over })),
    ...Array.from({ length: deferred }, (_, i) =>
      event(orgId, at(i), {
        provider,
        recipientDomain,
        senderDomain,
        status: "deferred",
        eventType: "deferred",
        replyCode: "421",
        category: "throttled",
        delaySeconds: null,
        ...over,
      }),
    ),
  ];
}

function week(orgId: string, start: Date, microsoftDeferred: (d: number) => number): EventRow[] {
  const rows: EventRow[] = [];
  for (let d = 0; d < 7; d++) {
    const s = new Date(start.getTime() + d * DAY);
    rows.push(...day(orgId, s, "microsoft", 200 - microsoftDeferred(d), microsoftDeferred(d)));
    rows.push(...day(orgId, s, "google", 297, 3));
  }
  return rows;
}

const insert = (rows: EventRow[]) => t.db.$transaction((tx) => insertEventRows({ db: tx }, { rows }), { timeout: 120_000 });

function input(from: Date, over: Partial<ReportFiguresInput> = {}): ReportFiguresInput {
  const to = new Date(from.getTime() + 7 * DAY);
  const prevFrom = new Date(from.getTime() - 7 * DAY);
  return {
    title: "Weekly deliverability report",
    cadence: "weekly",
    audience: "leadership",
    period: { from: from.toISOString(), to: to.toISOString(), label: "30 Nov – 6 Dec 2026", fromDate: from, toDate: to },
    previousPeriod: { from: prevFrom.toISOString(), to: from.toISOString(), label: "23 – 29 Nov 2026", fromDate: prevFrom, toDate: from },
    days: Array.from({ length: 7 }, (_, i) => new Date(from.getTime() + i * DAY).toISOString()),
    scope: { domains: [], serverIds: [], campaigns: [] },
    orgUrl: "https://app.example/acme",
    now: new Date("2026-12-07T08:00:00Z"),
    ...over,
  };
}

async function seedSignals(ctx: OrgContext, ip: string, incidentTitle: string, dmarcSource: string) {
  const orgId = ctx.orgId;
  const sendingIp = await t.db.sendingIp.create({ data: { orgId, address: ip } });
  const domain = await t.db.sendingDomain.create({ data: { orgId, domain: "acme.example", dkimSelectors: [] } });
  await t.db.dnsDriftEvent.createMany({
    data: [
      {
        orgId,
        subjectType: "IP",
        ipId: sendingIp.id,
        at: new Date("2026-12-01T09:14:00Z"),
        type: "dnsbl.listed",
        check: "dnsbl",
        severity: "critical",
        message: "Newly listed on Spamhaus ZEN (zen.spamhaus.org).",
        after: { zone: "zen.spamhaus.org", name: "Spamhaus ZEN", status: "listed" },
      },
      {
        orgId,
        subjectType: "DOMAIN",
        domainId: domain.id,
        at: new Date("2026-12-03T12:00:00Z"),
        type: "record.changed",
        check: "spf",
        severity: "warning",
        message: "spf record changed.",
        before: "v=spf1 ip4:203.0.113.0/24 -all",
        after: "v=spf1 ip4:203.0.113.0/24 include:_spf.example.net ~all",
      },
    ],
  });
  const incident = await t.db.incident.create({
    data: {
      orgId,
      scopeKey: "provider:microsoft",
      scopeType: "provider",
      severity: "critical",
      status: "resolved",
      title: incidentTitle,
      openedAt: new Date("2026-12-01T10:00:00Z"),
      resolvedAt: new Date("2026-12-02T16:30:00Z"),
      evidence: {},
    },
  });
  await t.db.incidentEvent.createMany({
    data: [
      {
        orgId,
        incidentId: incident.id,
        type: "fired",
        at: new Date("2026-12-01T10:00:00Z"),
        actorLabel: "system",
        body: "Deferrals 4.1 %",
      },
      {
        orgId,
        incidentId: incident.id,
        type: "commented",
        at: new Date("2026-12-01T11:00:00Z"),
        actorLabel: "ops@acme.example",
        body: "Requested delisting from Spamhaus",
      },
      {
        orgId,
        incidentId: incident.id,
        type: "resolved",
        at: new Date("2026-12-02T16:30:00Z"),
        actorLabel: "ops@acme.example",
        body: "Delisted",
      },
    ],
  });
  const report = await t.db.dmarcReport.create({
    data: {
      orgId,
      reporterOrg: "google.com",
      reportId: `r-${orgId}`,
      beginAt: new Date("2026-12-02T00:00:00Z"),
      endAt: new Date("2026-12-03T00:00:00Z"),
      domain: "acme.example",
      recordCount: 2,
      messageCount: 340,
      dedupKey: `d-${orgId}`,
    },
  });
  const record = {
    orgId,
    reportId: report.id,
    beginAt: report.beginAt,
    endAt: report.endAt,
    domain: "acme.example",
    headerFrom: "acme.example",
  };
  await t.db.dmarcRecord.createMany({
    data: [
      { ...record, sourceIp: "192.0.2.10", count: 300, disposition: "none", dkimAligned: "pass", spfAligned: "pass", reasons: [] },
      { ...record, sourceIp: dmarcSource, count: 40, disposition: "none", dkimAligned: "fail", spfAligned: "fail", reasons: [] },
    ],
  });
  // Five feedback-loop complaints from Microsoft's loop.
  await t.db.complaint.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({
      orgId,
      kind: "ARF" as const,
      feedbackType: "abuse",
      reporter: "feedback.hotmail.com",
      arrivalAt: new Date(monday.getTime() + (i + 1) * DAY),
      dedupKey: `c${i}`,
    })),
  });
  // A throttling episode at Microsoft kept a sample reply (the reply-code table quotes it).
  await t.db.deliveryDetection.create({
    data: {
      orgId,
      provider: "microsoft",
      kind: "throttled",
      startedAt: new Date("2026-12-01T10:00:00Z"),
      lastSeenAt: new Date("2026-12-01T14:00:00Z"),
      attempts: 200,
      deferrals: 8,
      matching: 8,
      codes: [{ code: "421 4.7.0", count: 8 }],
      sampleReplies: [`421 4.7.0 [${ip}] Try again later`],
      summary: "Throttled",
    },
  });
  // Port 25 probed 12 times an hour all week; Wednesday 10:00–12:00 every probe failed.
  const server = await t.db.mailServer.create({ data: { orgId, hostname: "mx1.acme.example" } });
  const monitor = await t.db.monitor.create({ data: { orgId, serverId: server.id, port: 25, mode: "starttls" } });
  const wednesday10 = new Date("2026-12-02T10:00:00Z").getTime();
  await t.db.monitorRollup.createMany({
    data: Array.from({ length: 168 }, (_, h) => {
      const hour = new Date(monday.getTime() + h * HOUR);
      const down = hour.getTime() >= wednesday10 && hour.getTime() < wednesday10 + 2 * HOUR;
      return { orgId, monitorId: monitor.id, hour, probes: 12, ok: down ? 0 : 12, latencySumMs: down ? 0 : 12 * 300 };
    }),
  });
  await t.db.probeResult.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({
      orgId,
      monitorId: monitor.id,
      time: new Date(monday.getTime() + i * HOUR),
      outcome: "ok",
      totalMs: (i + 1) * 100,
      tlsVersion: "TLSv1.3",
      result: {},
    })),
  });
  return { server, sendingIp };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const orgA = await t.db.organization.create({ data: { name: "Acme", slug: "figures-a", timeZone: "UTC" } });
  const orgB = await t.db.organization.create({ data: { name: "Other", slug: "figures-b", timeZone: "UTC" } });
  a = { db: t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "test" } };
  b = { db: t.db, orgId: orgB.id, actor: { type: "SYSTEM", label: "test" } };
  // Organization A: Microsoft 1 % deferred the week before and on Monday, 4 % from Tuesday; Gmail 1 % throughout.
  await insert(week(a.orgId, previousMonday, () => 2));
  await insert(week(a.orgId, monday, (d) => (d === 0 ? 2 : 8)));
  // Organization B, same week: every message bounced, and its own listing, incident and DMARC source.
  await insert(
    Array.from({ length: 500 }, () =>
      event(b.orgId, new Date(monday.getTime() + 3 * HOUR), {
        status: "bounced",
        eventType: "bounced",
        replyCode: "550",
        category: "user_unknown",
        delaySeconds: null,
      }),
    ),
  );
  const seeded = await seedSignals(a, "203.0.113.7", "Microsoft deferrals above 3 %", "198.51.100.9");
  serverId = seeded.server.id;
  await seedSignals(b, "198.18.0.1", "Other org incident", "198.18.0.99");
}, 120_000);
afterAll(async () => t?.drop());

describe("buildReportFigures", () => {
  it("computes a known week's figures exactly (golden)", async () => {
    const f = await buildReportFigures(a, input(monday));
    expect(f.noMail).toBe(false);
    expect(f.volume).toEqual({ attempted: 3500, previousAttempted: 3500 });
    expect(f.org).toEqual({ name: "Acme", slug: "figures-a", timeZone: "UTC", logoDataUrl: null });
    expect(f.scope.label).toBe("All mail");

    const k = (id: string) => f.headline.find((h) => h.id === id);
    // Accepted: (1350 + 2079) / 3500 = 97.97 % against (1386 + 2079) / 3500 = 99.0 %.
    expect(k("accepted_rate")).toMatchObject({ display: "98.0 %", deltaDisplay: "\u22121.0 pt", trend: "worse" });
    expect(k("accepted_rate")?.current).toEqual({ state: "ok", value: 3429 / 3500, volume: 3500 });
    expect(k("accepted_rate")?.sparkline).toEqual([(198 + 297) / 500, ...Array.from({ length: 6 }, () => (192 + 297) / 500)]);
    // Deferrals: 71 / 3500 = 2.03 % against 35 / 3500 = 1.0 %.
    expect(k("deferral_rate")).toMatchObject({ display: "2.0 %", deltaDisplay: "+1.0 pt", trend: "worse" });
    expect(k("hard_bounce_rate")).toMatchObject({ display: "0.0 %", trend: "flat" });
    // Complaints: 5 feedback-loop reports over 3,429 accepted, under the KPI's 1,000 minimum per day but not per week.
    expect(k("complaint_rate")).toMatchObject({ display: "0.15 %" });
    // DMARC: 300 of 340 aligned.
    expect(k("dmarc_pass_rate")).toMatchObject({ display: "88.2 %", previous: { state: "no-data" }, trend: "unknown" });
    // Port 25: 1,992 of 2,016 probes; the Wednesday sparkline shows the two bad hours.
    expect(k("uptime_25")).toMatchObject({ display: "98.8 %" });
    expect(k("uptime_25")?.sparkline[2]).toBeCloseTo(264 / 288, 10);
    expect(k("send_latency_p95")?.current.state).toBe("ok");
    expect(f.headline.map((h) => h.id)).not.toContain("open_rate");

    expect(f.providers.map((p) => [p.key, p.attempted, p.previousAttempted])).toEqual([
      ["google", 2100, 2100],
      ["microsoft", 1400, 1400],
    ]);
    expect(f.replyCodes).toEqual([
      { code: "421", class: "4xx", count: 71, previousCount: 35, sample: "421 4.7.0 [203.0.113.7] Try again later" },
    ]);

    // The root cause, first, with its evidence and its action.
    expect(f.findings[0]).toMatchObject({
      rule: "deferral_spike_after_listing",
      severity: "critical",
      sentence: "Microsoft deferrals rose 4.0× after 203.0.113.7 was listed on Spamhaus ZEN on Tuesday.",
    });
    expect(f.findings[0]?.evidencePath).toMatch(/^ips\//);
    expect(f.actions[0]).toMatchObject({
      rule: "deferral_spike_after_listing",
      text: "Request delisting of 203.0.113.7 from Spamhaus ZEN",
    });
    const sentences = f.findings.map((x) => x.sentence);
    expect(sentences).toContain(
      "The complaint rate at Microsoft was 0.37 %, over the 0.30 % limit (Microsoft high-volume sender requirements, May 2025).",
    );
    expect(sentences).toContain("The accepted rate fell from 99.0 % to 98.0 % (\u22121.0 pt) against the previous week.");
    expect(sentences).toContain(`Port 25 of mx1.acme.example answered 98.8 % of probes (target 99.9 %): 24 of 2,016 failed.`);
    expect(sentences).toContain("1 source sent 40 messages that failed DMARC alignment; the largest, 198.51.100.9, as acme.example.");
    // Eight findings at most: the SPF change (a warning affecting no measured mail) is ranked out, and shown under drift.
    expect(f.findings).toHaveLength(8);
    expect(sentences).not.toContain("The SPF setup of acme.example changed on Thursday: spf record changed.");
    expect(f.findings[7]).toMatchObject({
      rule: "incidents_resolved",
      severity: "good",
      sentence: "The period's one incident was resolved.",
    });
    for (const x of [...f.findings, ...f.narrative]) expect(unbackedNumbers(x.sentence, x.facts)).toEqual([]);

    // Complaints against the thresholds: all providers near (0.15 % ≥ 0.1 %), Microsoft over (5 / 1,350), Gmail none.
    expect(f.complaints.map((c) => [c.provider, c.complaints, c.delivered, c.status])).toEqual([
      ["All providers", 5, 3429, "near"],
      ["Gmail", 0, 2079, "ok"],
      ["Microsoft", 5, 1350, "over"],
    ]);

    const incidentId = f.incidents[0]?.id ?? "";
    expect(f.incidents).toEqual([
      {
        id: incidentId,
        title: "Microsoft deferrals above 3 %",
        severity: "critical",
        openedAt: "2026-12-01T10:00:00.000Z",
        resolvedAt: "2026-12-02T16:30:00.000Z",
        durationMinutes: 1830,
        outcome: "resolved",
        timeline: [
          { at: "2026-12-01T10:00:00.000Z", kind: "fired", text: "Deferrals 4.1 %" },
          { at: "2026-12-02T16:30:00.000Z", kind: "resolved", text: "Delisted" },
        ],
        comments: [{ at: "2026-12-01T11:00:00.000Z", author: "ops@acme.example", text: "Requested delisting from Spamhaus" }],
      },
    ]);
    expect(f.drift.map((d) => [d.kind, d.subject, d.change])).toEqual([
      ["blocklist", "203.0.113.7", "Newly listed on Spamhaus ZEN (zen.spamhaus.org)."],
      ["authentication", "acme.example", "spf record changed."],
    ]);
    expect(f.ports).toEqual([
      {
        serverId,
        hostname: "mx1.acme.example",
        ports: [{ port: 25, uptime: 1992 / 2016, probes: 2016, failures: 24, p50Ms: 550, p95Ms: 955, tls: "TLSv1.3" }],
      },
    ]);
    expect(f.dmarcFailingSources).toEqual([
      { sourceIp: "198.51.100.9", sourceName: null, headerFrom: "acme.example", messages: 40, failRate: 1, disposition: "none" },
    ]);
    expect(f.narrative[0]?.sentence).toBe(
      "3,500 messages were sent in 30 Nov – 6 Dec 2026, 98.0 % of them accepted (\u22121.0 pt against the previous week).",
    );
    expect(f.roi?.missing).toBe("ROI settings not filled in (no value per message or per conversion)");
    expect(f.marketing).toBeNull();
  });

  it("adds engagement KPIs and the marketing section for the marketing audience", async () => {
    const f = await buildReportFigures(a, input(monday, { audience: "marketing" }));
    expect(f.headline.map((h) => h.id)).toEqual([
      "accepted_rate",
      "hard_bounce_rate",
      "deferral_rate",
      "complaint_rate",
      "inbox_rate_proxy",
      "open_rate",
      "click_rate",
      "dmarc_pass_rate",
      "uptime_25",
      "send_latency_p95",
    ]);
    // MTA-log mail reports no opens: "no data", not 0 %. No campaign, cohort view or experiment yet.
    expect(f.headline.find((h) => h.id === "open_rate")?.display).toBe("no data");
    expect(f.marketing).toEqual({ campaigns: [], cohorts: [], experiments: [] });
  });

  it("never shows another organization's mail, listings, incidents or DMARC sources", async () => {
    const f = JSON.stringify(await buildReportFigures(a, input(monday)));
    for (const foreign of ["198.18.0.1", "198.18.0.99", "Other org incident"]) expect(f).not.toContain(foreign);
    const fb = await buildReportFigures(b, input(monday));
    expect(fb.volume.attempted).toBe(500);
    expect(fb.replyCodes).toEqual([{ code: "550", class: "5xx", count: 500, previousCount: 0, sample: null }]);
    expect(fb.headline.find((h) => h.id === "hard_bounce_rate")?.display).toBe("100.0 %");
    expect(fb.org.slug).toBe("figures-b");
    expect(JSON.stringify(fb)).not.toContain("203.0.113.7");
  });

  it("says plainly when the period saw no mail", async () => {
    const from = new Date(previousMonday.getTime() - 14 * DAY);
    const f = await buildReportFigures(a, input(from, { period: { ...input(from).period, label: "9 – 15 Nov 2026" } }));
    expect(f.noMail).toBe(true);
    expect(f.volume).toEqual({ attempted: 0, previousAttempted: 0 });
    expect(f.narrative[0]?.sentence).toBe(
      "No mail was sent in scope in 9 – 15 Nov 2026, so there are no delivery rates to report (0 attempts in the previous week).",
    );
    expect(f.headline.find((h) => h.id === "accepted_rate")).toMatchObject({
      display: "no data",
      trend: "unknown",
      sparkline: [null, null, null, null, null, null, null],
    });
    expect(f.findings).toEqual([]);
  });

  it("narrows the figures to the scope's domains and servers", async () => {
    const gmailOnly = await buildReportFigures(a, input(monday, { scope: { domains: ["acme.example"], serverIds: [], campaigns: [] } }));
    expect(gmailOnly.volume).toEqual({ attempted: 2100, previousAttempted: 2100 });
    expect(gmailOnly.providers.map((p) => p.key)).toEqual(["google"]);
    expect(gmailOnly.scope.label).toBe("Domains: acme.example");
    // Feedback-loop reports name no domain: a scoped report counts none.
    expect(gmailOnly.complaints[0]).toMatchObject({ provider: "All providers", complaints: 0 });
    // The listing is still reported, but nothing at Gmail rose after it.
    expect(gmailOnly.findings.map((x) => x.rule)).toContain("blocklist_listing");
    expect(gmailOnly.findings.map((x) => x.rule)).not.toContain("deferral_spike_after_listing");

    const server = await buildReportFigures(a, input(monday, { scope: { domains: [], serverIds: [serverId], campaigns: [] } }));
    // No event was mapped to the server: no mail in this scope, but its port is reported.
    expect(server.noMail).toBe(true);
    expect(server.scope.label).toBe("Servers: mx1.acme.example");
    expect(server.ports.map((s) => s.serverId)).toEqual([serverId]);
  });

  it("counts mail in the organization's local days across the autumn clock change", async () => {
    const org = await t.db.organization.create({ data: { name: "Paris", slug: "figures-paris", timeZone: "Europe/Paris" } });
    const paris: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    // ISO week 43 of 2026: Monday 19 October 00:00 CEST (18 Oct 22:00 UTC) to Monday 26 October 00:00 CET
    // (25 Oct 23:00 UTC); Sunday 25 October has 25 hours.
    const parsed = parsePeriodKey("2026-W43", "Europe/Paris");
    if (!parsed) throw new Error("no period");
    const { period } = parsed;
    const days = daysOf(period, "Europe/Paris");
    expect(days.map((d) => d.toISOString())).toEqual([
      "2026-10-18T22:00:00.000Z",
      "2026-10-19T22:00:00.000Z",
      "2026-10-20T22:00:00.000Z",
      "2026-10-21T22:00:00.000Z",
      "2026-10-22T22:00:00.000Z",
      "2026-10-23T22:00:00.000Z",
      "2026-10-24T22:00:00.000Z",
    ]);
    const deferred = { status: "deferred", eventType: "deferred", replyCode: "421", category: "throttled", delaySeconds: null };
    await insert([
      // 100 accepted at local noon each day.
      ...days.flatMap((d) => Array.from({ length: 100 }, () => event(org.id, new Date(d.getTime() + 12 * HOUR), {}))),
      // Monday 00:30 CEST (Sunday 22:30 UTC): the first local day, not the UTC day before.
      ...Array.from({ length: 100 }, () => event(org.id, new Date("2026-10-18T22:30:00Z"), deferred)),
      // Sunday 23:30 CET (22:30 UTC, in the 25-hour day): still Sunday.
      ...Array.from({ length: 100 }, () => event(org.id, new Date("2026-10-25T22:30:00Z"), deferred)),
      // Monday 26 October 00:30 CET (25 Oct 23:30 UTC): the next week.
      ...Array.from({ length: 100 }, () => event(org.id, new Date("2026-10-25T23:30:00Z"), deferred)),
    ]);
    const previous = previousPeriodOf(period, "weekly", "Europe/Paris");
    const asInput = (p: typeof period) => ({
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      label: p.label,
      fromDate: p.from,
      toDate: p.to,
    });
    const f = await buildReportFigures(
      paris,
      input(period.from, { period: asInput(period), previousPeriod: asInput(previous), days: days.map((d) => d.toISOString()) }),
    );
    expect(f.volume.attempted).toBe(900);
    expect(f.headline.find((h) => h.id === "accepted_rate")?.sparkline).toEqual([0.5, 1, 1, 1, 1, 1, 0.5]);
  });
});
