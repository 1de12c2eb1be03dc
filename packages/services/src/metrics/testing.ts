/**
 * Test data for the per-organization metrics (GET /api/v1/metrics): one organization's server, probes,
 * delivery rollups, DMARC records, IP checks, incidents and queue with round figures, and the values
 * the exposition must then show. Shared by the route test (packages/api) and the real-Prometheus test
 * (apps/worker), so both check the same answers.
 */
import { type Db } from "@inboxwatch/db";

import { type OrgContext } from "../context.ts";
import { createMailServer } from "../inventory/index.ts";

const HOUR_MS = 3_600_000;

/** What the fixture's organization must show, by metric and label set. */
export function expectedOrgMetrics(slug: string) {
  const server = `mx1.${slug}.test`;
  const domain = `news.${slug}.test`;
  return {
    server,
    domain,
    ip: ipOf(slug),
    provider: `gmail-${slug}`,
    /** 9 of 10 probes ok. */
    uptime: 0.9,
    /** percentile_cont(0.95) of 10, 20 … 100 ms. */
    connectP95Seconds: 0.0955,
    /** 8 sent, 1 deferred, 1 bounced: 10 attempts; 2 complaints over 8 accepted. */
    attempts: 10,
    accepted: 0.8,
    bounce: 0.1,
    deferral: 0.1,
    complaint: 0.25,
    /** 3 of 4 DMARC messages aligned. */
    dmarcPass: 0.75,
    /** Listed on 2 at the latest readable check; a later unreadable one does not count. */
    listings: 2,
    /** 2 open critical, 1 acknowledged warning; a resolved critical does not count. */
    incidents: { critical: 2, warning: 1, info: 0 },
    queueDepth: 7,
    /** 80 s of delay over 8 accepted messages. */
    sendLatencySeconds: 10,
  };
}

/** A distinct documentation address per organization (RFC 5737 TEST-NET-3), from its slug. */
function ipOf(slug: string): string {
  let h = 0;
  for (const c of slug) h = (h * 31 + c.charCodeAt(0)) % 250;
  return `203.0.113.${h + 1}`;
}

/** Creates an organization with `slug` and the fixture's data at `now`. */
export async function seedOrgMetrics(db: Db, slug: string, now = new Date()): Promise<OrgContext> {
  const org = await db.organization.create({ data: { name: slug, slug } });
  const ctx: OrgContext = { db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  const orgId = org.id;
  const e = expectedOrgMetrics(slug);
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);

  const server = await createMailServer(ctx, { hostname: e.server, port25: true, port587: false, port465: false });
  const monitor = await db.monitor.findFirstOrThrow({ where: { orgId, serverId: server.id, port: 25 } });
  await db.monitorRollup.create({ data: { orgId, monitorId: monitor.id, hour, probes: 10, ok: 9, latencySumMs: 900 } });
  await db.probeResult.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({
      orgId,
      monitorId: monitor.id,
      time: new Date(now.getTime() - (i + 1) * 60_000),
      outcome: "ok",
      totalMs: 100,
      connectMs: (i + 1) * 10,
      result: {},
    })),
  });
  // A failed probe's connect time (the timeout) is not a latency sample.
  await db.probeResult.create({
    data: {
      orgId,
      monitorId: monitor.id,
      time: new Date(now.getTime() - 30_000),
      outcome: "timeout",
      totalMs: 10_000,
      connectMs: 10_000,
      result: {},
    },
  });

  const rollup = (status: string, category: string, count: number) => ({
    orgId,
    hour,
    senderDomain: e.domain,
    provider: e.provider,
    status,
    category,
    count,
  });
  await db.deliveryRollup.createMany({
    data: [
      { ...rollup("sent", "delivered", 8), delaySum: 80, delayCount: 8 },
      rollup("deferred", "rate_limited", 1),
      rollup("bounced", "user_unknown", 1),
      rollup("sent", "complaint", 2),
      // Older than the window: not counted.
      { ...rollup("bounced", "user_unknown", 50), hour: new Date(hour.getTime() - 30 * HOUR_MS) },
    ],
  });

  const report = await db.dmarcReport.create({
    data: {
      orgId,
      reporterOrg: "google.com",
      reportId: `r-${slug}`,
      beginAt: new Date(now.getTime() - 2 * 86_400_000),
      endAt: new Date(now.getTime() - 86_400_000),
      domain: e.domain,
      recordCount: 2,
      messageCount: 4,
      dedupKey: `d-${slug}`,
    },
  });
  const record = (count: number, aligned: string) => ({
    orgId,
    reportId: report.id,
    beginAt: report.beginAt,
    endAt: report.endAt,
    domain: e.domain,
    sourceIp: e.ip,
    count,
    dkimAligned: aligned,
    spfAligned: "fail",
  });
  await db.dmarcRecord.createMany({ data: [record(3, "pass"), record(1, "fail")] });

  const ip = await db.sendingIp.create({ data: { orgId, address: e.ip } });
  const check = (minutesAgo: number, dnsblGrade: "C" | null, listedCount: number) => ({
    orgId,
    ipId: ip.id,
    checkedAt: new Date(now.getTime() - minutesAgo * 60_000),
    dnsblGrade,
    fcrdns: true,
    listedCount,
    listedScore: listedCount,
    result: {},
    queryCount: 1,
    durationMs: 1,
  });
  await db.ipCheck.createMany({ data: [check(60, "C", 2), check(5, null, 0)] });

  const incident = (severity: "critical" | "warning", status: "open" | "acknowledged" | "resolved", i: number) => ({
    orgId,
    scopeKey: `test:${i}`,
    scopeType: "org",
    severity,
    status,
    title: `incident ${i}`,
    openedAt: now,
    evidence: {},
  });
  await db.incident.createMany({
    data: [
      incident("critical", "open", 1),
      incident("critical", "open", 2),
      incident("warning", "acknowledged", 3),
      incident("critical", "resolved", 4),
    ],
  });

  await db.queueSnapshot.createMany({
    data: [
      { orgId, source: "mta1", time: new Date(now.getTime() - 10 * 60_000), active: 100, deferred: 0, hold: 0, oldestAgeSeconds: 1 },
      // The latest snapshot of the source is the queue now.
      { orgId, source: "mta1", time: new Date(now.getTime() - 60_000), active: 5, deferred: 2, hold: 0, oldestAgeSeconds: 1 },
    ],
  });
  return ctx;
}
