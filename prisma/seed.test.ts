import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { evaluateRules } from "@inboxwatch/alerting";
import { syncMonitorsForServer } from "@inboxwatch/services/probes";

import { seedDemoActivity } from "./demo-activity.ts";
import { DEMO_LOGIN, DEMO_ORG, seed } from "./seed.ts";
import { forOrg, systemContext } from "@inboxwatch/services";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

describe("demo seed", () => {
  it("creates the demo organization once, with inventory, members and alert presets", async () => {
    expect(await seed(t.db)).toEqual({ created: true });
    expect(await seed(t.db)).toEqual({ created: false });
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const where = { orgId: org.id };
    expect(await t.db.mailServer.count({ where })).toBe(3);
    expect(await t.db.sendingDomain.count({ where })).toBe(2);
    expect(await t.db.sendingIp.count({ where })).toBe(3);
    // Every demo IP sends for one domain, so each domain's SPF is graded against its own IPs.
    const links = await t.db.sendingIpDomain.findMany({
      where,
      select: { ip: { select: { address: true } }, domain: { select: { domain: true } } },
    });
    expect(links.map((l) => `${l.ip.address} → ${l.domain.domain}`).sort()).toEqual([
      "192.0.2.10 → acme-mail.example",
      "192.0.2.11 → acme-mail.example",
      "2001:db8::25 → news.acme-mail.example",
    ]);
    expect(await t.db.membership.count({ where })).toBe(3);
    expect(await t.db.alertRule.count({ where })).toBeGreaterThan(0);
    // Two scheduled reports, and last week's and last month's editions queued for the worker to build.
    expect(await t.db.reportDefinition.count({ where })).toBe(2);
    const editions = await t.db.reportEdition.findMany({ where, select: { id: true, status: true } });
    expect(editions.map((e) => e.status)).toEqual(["building", "building"]);
    const builds = await t.db.$queryRawUnsafe<{ n: number }[]>(`select count(*)::int as n from pgboss.job where name = 'report.build'`);
    expect(builds[0]?.n).toBe(2);
    expect(await t.db.user.findUnique({ where: { email: DEMO_LOGIN.email } })).not.toBeNull();
  }, 180_000);

  it("fills the demo organization with a day of activity through the real pipelines", async () => {
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const where = { orgId: org.id };
    expect(await t.db.rawLogBatch.count({ where: { ...where, status: "PROCESSED" } })).toBeGreaterThanOrEqual(24);
    expect(await t.db.rawLogBatch.count({ where: { ...where, status: { not: "PROCESSED" } } })).toBe(0);
    expect(await t.db.deliveryDetection.count({ where: { ...where, provider: "yahoo", kind: "throttled" } })).toBe(1);
    // The day of activity comes from shipped MTA logs; the ESP campaign history (demo-marketing.ts) has its own test.
    const logged = { ...where, source: { not: "sendgrid" } };
    const statuses = await t.db.deliveryEvent.groupBy({ by: ["status"], where: logged, _count: true });
    expect(statuses.map((s) => s.status).sort()).toEqual(["bounced", "deferred", "sent"]);
    expect(await t.db.deliveryEvent.count({ where: { ...where, provider: "yahoo", status: "deferred" } })).toBeGreaterThan(20);
    // The Code column shows what servers answered: real reply codes, never bits of a host name or address.
    const codes = await t.db.deliveryEvent.groupBy({ by: ["status", "replyCode", "enhancedCode"], where: logged, _count: true });
    for (const c of codes) {
      expect(c.replyCode).toMatch(/^(?:[245]\d\d)?$/);
      expect(c.enhancedCode).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
    }
    expect(new Set(codes.filter((c) => c.status === "sent").map((c) => c.replyCode))).toEqual(new Set(["250"]));
    expect(codes.some((c) => c.status === "bounced" && c.replyCode === "550" && c.enhancedCode === "5.1.1")).toBe(true);
    expect(await t.db.rawReport.count({ where: { ...where, status: { not: "PARSED" } } })).toBe(0);
    expect(await t.db.dmarcReport.count({ where })).toBe(42);
    expect(await t.db.complaint.count({ where })).toBe(6);
    expect(await t.db.queueSnapshot.count({ where })).toBeGreaterThan(90);
  });

  it("shows the throttling episode whatever minute of the hour the demo is seeded at", async () => {
    const hour = Date.UTC(2026, 10, 27, 15);
    for (const minute of [1, 29, 58]) {
      const org = await t.db.organization.create({ data: { name: `Demo ${minute}`, slug: `demo-at-${minute}` } });
      await seedDemoActivity(t.db, org.id, hour + minute * 60_000);
      expect(await t.db.deliveryDetection.count({ where: { orgId: org.id, provider: "yahoo", kind: "throttled" } })).toBe(1);
    }
  }, 60_000);

  it("opens the demo's port-down incidents one per server port, each naming its host, and keeps them open", async () => {
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    // Without the demo lab (scripts/demo-lab, run by npm start) the demo's .example names do not resolve and every port ends DOWN.
    const servers = await t.db.mailServer.findMany({ where: { orgId: org.id } });
    for (const s of servers) await t.db.$transaction((tx) => syncMonitorsForServer({ db: tx, orgId: org.id }, { serverId: s.id }));
    const now = Date.now();
    await t.db.monitor.updateMany({
      where: { orgId: org.id },
      data: { state: "DOWN", stateSince: new Date(now - 600_000), lastProbeAt: new Date(now - 60_000), consecutiveFailures: 3 },
    });
    const ports = await t.db.monitor.count({ where: { orgId: org.id, enabled: true } });
    expect(ports).toBe(6);
    // The preset holds 2 minutes before firing; a later evaluation keeps the incidents open.
    for (const at of [now, now + 3 * 60_000, now + 10 * 60_000])
      await evaluateRules(forOrg(systemContext(t.db, "test"), org.id), { now: at });
    const incidents = await t.db.incident.findMany({ where: { orgId: org.id, rule: { presetKey: "port-down" } } });
    expect(incidents).toHaveLength(ports);
    expect(incidents.every((i) => i.status === "open")).toBe(true);
    expect(incidents.map((i) => i.title)).toContain("SMTP port down — relay.acme-mail.example port 587");
  }, 60_000);
});
