// The root-cause rules over hand-worked data: a week, a listing on Tuesday, Microsoft deferrals from 1 % to 4 %.
import { describe, expect, it } from "vitest";

import { type HeadlineKpi } from "../figures.ts";
import { type ComplaintCount, complaintFigures, computeFindings, type DeliveryTally, type ReportData, unbackedNumbers } from "./index.ts";
import { rankResults } from "./rank.ts";

const DAY = 86_400_000;
const monday = new Date("2026-11-30T00:00:00Z");
const days = Array.from({ length: 7 }, (_, i) => new Date(monday.getTime() + i * DAY));
const tally = (attempted: number, deferred: number, bounced = 0): DeliveryTally => ({
  attempted,
  accepted: attempted - deferred - bounced,
  deferred,
  hardBounced: bounced,
  softBounced: 0,
});
const sum = (ts: DeliveryTally[]) =>
  ts.reduce((a, t) => tally(a.attempted + t.attempted, a.deferred + t.deferred, a.hardBounced + t.hardBounced));

function accepted(current: number, previous: number, trendOf: HeadlineKpi["trend"]): HeadlineKpi {
  return {
    id: "accepted_rate",
    label: "Accepted",
    unit: "fraction",
    better: "higher",
    current: { state: "ok", value: current, volume: 14_000 },
    previous: { state: "ok", value: previous, volume: 14_000 },
    delta: current - previous,
    display: `${(current * 100).toFixed(1)} %`,
    deltaDisplay: `${current < previous ? "\u2212" : "+"}${Math.abs((current - previous) * 100).toFixed(1)} pt`,
    trend: trendOf,
    sparkline: [],
  };
}

function week(over: Partial<ReportData> = {}): ReportData {
  // Microsoft: 1 % deferred on Monday, 4 % from Tuesday (the listing's day) on; Gmail 1 % all week, as the week before.
  const microsoftDaily = [tally(1000, 10), ...Array.from({ length: 6 }, () => tally(1000, 40))];
  const googleDaily = Array.from({ length: 7 }, () => tally(1000, 10));
  return {
    cadence: "weekly",
    timeZone: "UTC",
    period: { from: monday, to: new Date(monday.getTime() + 7 * DAY), label: "30 Nov – 6 Dec 2026" },
    days,
    attempted: 14_000,
    previousAttempted: 14_000,
    headline: [accepted(0.95, 0.98, "worse")],
    providers: [
      { key: "microsoft", current: sum(microsoftDaily), previous: tally(7000, 70), daily: microsoftDaily },
      { key: "google", current: sum(googleDaily), previous: tally(7000, 70), daily: googleDaily },
    ],
    listings: [
      {
        at: new Date("2026-12-01T09:14:00Z"),
        subject: "203.0.113.7",
        subjectKind: "ip",
        list: "Spamhaus ZEN",
        delistedAt: null,
        evidencePath: "ips/ip1",
      },
    ],
    authDrift: [],
    tls: [],
    tlsReports: { successfulSessions: 0, failedSessions: 0 },
    replyCodes: [],
    ports: [],
    dmarcFailing: [],
    complaints: [],
    incidents: [],
    ...over,
  };
}

describe("root-cause rules", () => {
  it("ties a provider's deferral rise to the blocklisting that preceded it, and asks for the delisting", () => {
    const r = computeFindings(week());
    const spike = r.findings[0];
    expect(spike?.rule).toBe("deferral_spike_after_listing");
    expect(spike?.severity).toBe("critical");
    expect(spike?.sentence).toBe("Microsoft deferrals rose 4.0× after 203.0.113.7 was listed on Spamhaus ZEN on Tuesday.");
    expect(spike?.facts).toContainEqual({ label: "Microsoft deferrals before (the days before)", value: "1.0 %" });
    expect(spike?.facts).toContainEqual({ label: "Microsoft deferrals from the listing on", value: "4.0 %" });
    expect(spike?.facts).toContainEqual({ label: "Listed at", value: "Tue, 1 Dec 2026, 09:14" });
    expect(spike?.evidencePath).toBe("ips/ip1");
    expect(r.actions[0]).toEqual({
      rule: "deferral_spike_after_listing",
      text: "Request delisting of 203.0.113.7 from Spamhaus ZEN",
      actionPath: "ips/ip1",
    });
    // Gmail did not move: no finding names it.
    expect(r.findings.some((f) => f.sentence.includes("Gmail"))).toBe(false);
    // The accepted-rate fall is the second finding; the narrative quotes the volume and the top problems.
    expect(r.findings[1]?.sentence).toBe("The accepted rate fell from 98.0 % to 95.0 % (\u22123.0 pt) against the previous week.");
    expect(r.narrative[0]?.sentence).toBe(
      "14,000 messages were sent in 30 Nov – 6 Dec 2026, 95.0 % of them accepted (\u22123.0 pt against the previous week).",
    );
    expect(r.narrative[1]?.sentence).toBe(spike?.sentence);
  });

  it("uses the previous period as the baseline when the listing came on the first day", () => {
    const microsoftDaily = Array.from({ length: 7 }, () => tally(1000, 30));
    const data = week({
      listings: [
        { at: monday, subject: "203.0.113.7", subjectKind: "ip", list: "Spamhaus ZEN", delistedAt: null, evidencePath: "ips/ip1" },
      ],
      providers: [{ key: "microsoft", current: sum(microsoftDaily), previous: tally(7000, 70), daily: microsoftDaily }],
    });
    const spike = computeFindings(data).findings[0];
    expect(spike?.sentence).toBe("Microsoft deferrals rose 3.0× after 203.0.113.7 was listed on Spamhaus ZEN on Monday.");
    expect(spike?.facts).toContainEqual({ label: "Microsoft deferrals before (the previous week)", value: "1.0 %" });
  });

  it("reports a deferral spike no listing explains, and a listing with no visible effect", () => {
    const yahooDaily = Array.from({ length: 7 }, () => tally(1000, 25));
    const data = week({
      headline: [],
      listings: [
        {
          at: new Date("2026-12-03T10:00:00Z"),
          subject: "news.acme.example",
          subjectKind: "domain",
          list: "Spamhaus DBL",
          delistedAt: null,
          evidencePath: "domains/d1",
        },
      ],
      providers: [{ key: "yahoo", current: sum(yahooDaily), previous: tally(7000, 70), daily: yahooDaily }],
    });
    const r = computeFindings(data);
    // Same severity: the spike (105 extra deferrals) ranks before the listing (no measured effect).
    expect(r.findings.map((f) => [f.rule, f.severity, f.sentence])).toEqual([
      [
        "deferral_spike",
        "warning",
        "Yahoo deferrals rose 2.5× against the previous week (1.0 % to 2.5 %) with no blocklisting to explain it.",
      ],
      [
        "blocklist_listing",
        "warning",
        "news.acme.example was listed on Spamhaus DBL on Thursday and was still listed at the end of the period.",
      ],
    ]);
  });

  it("flags a new 5xx code, a port under target, SPF drift, failing DMARC sources, complaints and open incidents", () => {
    const data = week({
      headline: [],
      listings: [],
      replyCodes: [
        { code: "554", class: "5xx", count: 1240, previousCount: 0, sample: null },
        { code: "550", class: "5xx", count: 90, previousCount: 60, sample: null },
        { code: "421", class: "4xx", count: 5000, previousCount: 10, sample: null },
      ],
      ports: [
        {
          serverId: "s1",
          hostname: "mx1.acme.example",
          ports: [
            { port: 25, uptime: 0.972, probes: 2016, failures: 56, p50Ms: 120, p95Ms: 300, tls: "TLSv1.3" },
            { port: 587, uptime: 1, probes: 2016, failures: 0, p50Ms: 120, p95Ms: 300, tls: "TLSv1.3" },
          ],
        },
      ],
      authDrift: [
        {
          at: new Date("2026-12-03T12:00:00Z"),
          domain: "acme.example",
          check: "spf",
          type: "spf.over-lookup-limit",
          severity: "critical",
          message: "SPF now needs 12 DNS lookups (limit 10).",
          evidencePath: "domains/d1",
        },
      ],
      dmarcFailing: [
        { sourceIp: "198.51.100.9", sourceName: null, headerFrom: "acme.example", messages: 900, failRate: 1, disposition: "none" },
        { sourceIp: "198.51.100.10", sourceName: null, headerFrom: "acme.example", messages: 5, failRate: 1, disposition: "none" },
      ],
      complaints: complaintFigures([
        { provider: null, complaints: 30, delivered: 20_000 },
        { provider: "yahoo", complaints: 12, delivered: 4000 },
      ]),
      incidents: [
        { id: "i1", title: "Deferrals at Microsoft", severity: "critical", openedAt: new Date("2026-12-01T10:00:00Z"), resolvedAt: null },
        {
          id: "i2",
          title: "Port 25 down",
          severity: "warning",
          openedAt: new Date("2026-12-02T10:00:00Z"),
          resolvedAt: new Date("2026-12-02T11:00:00Z"),
        },
      ],
    });
    const r = computeFindings(data);
    const sentences = r.findings.map((f) => f.sentence);
    expect(sentences).toContain("A new 5xx reply, 554, was returned 1,240 times (none in the previous week).");
    expect(sentences).toContain("Port 25 of mx1.acme.example answered 97.2 % of probes (target 99.9 %): 56 of 2,016 failed.");
    expect(sentences).toContain("The SPF setup of acme.example changed on Thursday: SPF now needs 12 DNS lookups (limit 10).");
    expect(sentences).toContain("1 source sent 900 messages that failed DMARC alignment; the largest, 198.51.100.9, as acme.example.");
    expect(sentences).toContain("The complaint rate at Yahoo was 0.30 %, over the 0.30 % limit (Yahoo Sender Best Practices, Feb 2024).");
    expect(sentences).toContain(
      "The complaint rate across all providers was 0.15 %, above the recommended 0.10 % and under the 0.30 % limit (Gmail and Yahoo bulk-sender limit, Feb 2024).",
    );
    expect(sentences).toContain("Incident “Deferrals at Microsoft” was still open at the end of the period (opened Tuesday).");
    // 550 only rose 1.5×, 421 is not 5xx: neither is a surge.
    expect(sentences.some((s) => s.includes("550") || s.includes("421"))).toBe(false);
    // Critical first (Yahoo's complaints over the limit, the SPF lookup limit, the open critical incident); 97.2 % uptime is a warning.
    expect(r.findings.slice(0, 3).every((f) => f.severity === "critical")).toBe(true);
    expect(r.findings.length).toBeLessThanOrEqual(8);
    for (const f of r.findings) expect(unbackedNumbers(f.sentence, f.facts)).toEqual([]);
    // Actions follow the ranked findings (the worst complaint rate first) and stop at six.
    expect(r.actions).toHaveLength(6);
    expect(r.actions[0]?.rule).toBe("complaint_rate");
  });

  it("reports TLS problems (certificate drift, failing TLS-RPT sessions) and a delisting as good news", () => {
    const data = week({
      headline: [],
      providers: [],
      listings: [
        {
          at: new Date("2026-12-01T09:14:00Z"),
          subject: "203.0.113.7",
          subjectKind: "ip",
          list: "Spamhaus ZEN",
          delistedAt: new Date("2026-12-03T16:00:00Z"),
          evidencePath: "ips/ip1",
        },
      ],
      tls: [
        {
          at: new Date("2026-12-02T08:00:00Z"),
          subject: "mx1.acme.example port 25",
          message: "Certificate expires in 5 days.",
          severity: "warning",
          evidencePath: "servers/s1",
        },
        {
          at: new Date("2026-12-02T09:00:00Z"),
          subject: "mx1.acme.example port 587",
          message: "TLS 1.3 negotiated.",
          severity: "info",
          evidencePath: null,
        },
      ],
      tlsReports: { successfulSessions: 9700, failedSessions: 300 },
    });
    const r = computeFindings(data);
    expect(r.findings.map((f) => [f.rule, f.severity, f.sentence])).toEqual([
      ["tls_problem", "warning", "Receivers reported 300 of 10,000 TLS sessions to your domains failing (3.0 %)."],
      ["tls_problem", "warning", "TLS on mx1.acme.example port 25: Certificate expires in 5 days."],
      ["blocklist_delisted", "good", "203.0.113.7 was delisted from Spamhaus ZEN on Thursday."],
    ]);
    // Delisted by the end of the period: no delisting to ask for.
    expect(r.actions.map((a) => a.text)).not.toContain("Request delisting of 203.0.113.7 from Spamhaus ZEN");
  });

  it("says plainly that no mail was sent", () => {
    const r = computeFindings(week({ attempted: 0, previousAttempted: 1200, headline: [], providers: [], listings: [] }));
    expect(r.findings).toEqual([]);
    expect(r.narrative[0]?.sentence).toBe(
      "No mail was sent in scope in 30 Nov – 6 Dec 2026, so there are no delivery rates to report (1,200 attempts in the previous week).",
    );
  });

  it("reports good news after the problems and keeps room for one", () => {
    const r = computeFindings(week({ headline: [accepted(0.99, 0.96, "better")], listings: [], providers: [] }));
    expect(r.findings).toEqual([
      expect.objectContaining({
        rule: "accepted_rate_change",
        severity: "good",
        sentence: "The accepted rate rose from 96.0 % to 99.0 % (+3.0 pt) against the previous week.",
      }),
    ]);
    const many = Array.from({ length: 12 }, (_, i) => ({
      finding: { rule: "x", severity: "warning" as const, sentence: `w${i}`, facts: [], evidencePath: null },
      weight: i,
      action: null,
    }));
    const good = {
      finding: { rule: "g", severity: "good" as const, sentence: "g", facts: [], evidencePath: null },
      weight: 0,
      action: null,
    };
    const ranked = rankResults([...many, good]);
    expect(ranked).toHaveLength(8);
    expect(ranked[0]?.weight).toBe(11);
    expect(ranked[7]?.finding.severity).toBe("good");
  });

  it("rates complaints against each provider's published threshold", () => {
    const counts: ComplaintCount[] = [
      { provider: null, complaints: 30, delivered: 20_000 },
      { provider: "yahoo", complaints: 12, delivered: 4000 },
      { provider: "google", complaints: 2, delivered: 10_000 },
      { provider: "apple", complaints: 0, delivered: 500 },
      { provider: "microsoft", complaints: 1, delivered: 300 },
    ];
    expect(complaintFigures(counts).map((c) => [c.provider, c.status, c.threshold])).toEqual([
      ["All providers", "near", 0.003],
      ["Gmail", "ok", 0.003],
      ["Yahoo", "over", 0.003],
      ["Microsoft", "not enough mail", 0.003],
    ]);
  });

  it("finds numbers a sentence quotes without a fact", () => {
    expect(unbackedNumbers("Deferrals rose 4.0× at 203.0.113.7.", [{ label: "Rise", value: "4.0×" }])).toEqual(["203.0.113.7"]);
    expect(unbackedNumbers("Listed on Tuesday 1 December.", [{ label: "Listed at", value: "Tue 1 Dec 2026" }])).toEqual([]);
  });
});
