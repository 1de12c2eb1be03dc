/**
 * The demo lab makes the demo organization true: its ports are probed and its domain checked through the
 * platform's own code paths (platform resolver → split DNS → lab zone; probe → lab listeners), and the
 * answers are real. Questions outside the demo zone reach the upstream resolver unchanged.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createResolver } from "@inboxwatch/deliverability/dns";
import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createDnsCheckDeps, runDomainCheck, runIpCheck } from "@inboxwatch/services/dns-check";
import { createPlatformDns } from "@inboxwatch/services";
import { runMonitorProbe } from "@inboxwatch/services/probes";

import { DEMO_LAB, DEMO_ORG, seed } from "../../prisma/seed.ts";
import { type DemoLab, startDemoLab } from "./index.ts";

let t: TestDatabase;
let upstream: TestDnsServer;
let lab: DemoLab;
let dataDir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-lab-"));
  upstream = await startTestDnsServer({ "customer.test": { A: ["192.0.2.1"], TXT: ["v=spf1 -all"] } });
  // Any free ports: a developer's running `npm start` holds the seeded ones. The demo's monitors follow.
  lab = await startDemoLab({ dataDir, upstreamDnsServers: upstream.address, anyPorts: true });
  await seed(t.db);
  const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
  for (const b of lab.bound) {
    await t.db.monitor.updateMany({ where: { orgId: org.id, port: b.port, server: { hostname: b.host } }, data: { dialPort: b.dialPort } });
  }
}, 60_000);

afterAll(async () => {
  await lab?.close();
  await upstream?.close();
  await t?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("demo lab", () => {
  it("answers the demo zone itself and relays every other question to the upstream resolver", async () => {
    const resolver = createResolver({ servers: [lab.dnsAddress], timeoutMs: 2_000 });
    expect(await resolver.query("smtp.acme-mail.example", "A")).toMatchObject({ kind: "answer", records: ["127.0.0.1"] });
    expect(JSON.stringify(await resolver.query("_dmarc.acme-mail.example", "TXT"))).toContain("v=DMARC1; p=none");
    expect(await resolver.query("customer.test", "A")).toMatchObject({ kind: "answer", records: ["192.0.2.1"] });
    expect(upstream.queryCount).toBeGreaterThan(0);
    expect(lab.failed).toEqual([]);
    expect(lab.listening).toHaveLength(DEMO_LAB.ports.filter((p) => p.open).length);
  });

  it("lets the demo's monitors probe real listeners: every open port UP, the relay's closed submission port DOWN", async () => {
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const dnsResolver = createPlatformDns({ servers: [lab.dnsAddress] }).resolver;
    const monitors = await t.db.monitor.findMany({
      where: { orgId: org.id, enabled: true },
      include: { server: { select: { hostname: true } } },
    });
    expect(monitors).toHaveLength(DEMO_LAB.ports.length);
    const states: Record<string, string> = {};
    for (const m of monitors) {
      // Three probes: a port needs consecutive failures before it is DOWN.
      for (let i = 0; i < 3; i++) await runMonitorProbe(ctx, { monitorId: m.id, slot: new Date(Date.now() + i * 60_000) }, { dnsResolver });
      const after = await t.db.monitor.findUniqueOrThrow({ where: { id: m.id } });
      states[`${m.server?.hostname}:${m.port}`] = after.state;
    }
    expect(states).toEqual({
      "smtp.acme-mail.example:25": "UP",
      "smtp.acme-mail.example:587": "UP",
      "smtp.acme-mail.example:465": "UP",
      "mx1.acme-mail.example:25": "UP",
      "relay.acme-mail.example:25": "UP",
      "relay.acme-mail.example:587": "DOWN",
    });
    // The submission port accepted the stored demo login.
    const submission = monitors.find((m) => m.server?.hostname === "smtp.acme-mail.example" && m.port === 587);
    const lastResult = await t.db.probeResult.findFirstOrThrow({ where: { monitorId: submission?.id ?? "" }, orderBy: { time: "desc" } });
    expect(JSON.stringify(lastResult)).toMatch(/auth/i);
  }, 60_000);

  it("gives the demo domain a real check: graded from real lookups, with the p=none finding", async () => {
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const domain = await t.db.sendingDomain.findFirstOrThrow({ where: { orgId: org.id, domain: "acme-mail.example" } });
    await runDomainCheck(ctx, { id: domain.id }, createDnsCheckDeps(createPlatformDns({ servers: [lab.dnsAddress] })));
    const check = await t.db.domainCheck.findFirstOrThrow({
      where: { orgId: org.id, domainId: domain.id },
      orderBy: { checkedAt: "desc" },
    });
    expect(check.spfGrade).toBe("A");
    expect(check.dkimGrade).not.toBeNull();
    expect(check.dmarcGrade).not.toBeNull();
    expect(check.dmarcGrade).not.toBe("A");
    expect(JSON.stringify(check.result)).toContain("p=none");
  }, 60_000);

  it("gives the demo's sending IPs forward-confirmed PTRs that match their HELO, and asks the blocklists upstream", async () => {
    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const ip = await t.db.sendingIp.findFirstOrThrow({ where: { orgId: org.id, address: "192.0.2.10" } });
    const before = upstream.queryCount;
    await runIpCheck(ctx, { id: ip.id }, createDnsCheckDeps(createPlatformDns({ servers: [lab.dnsAddress] })));
    const check = await t.db.ipCheck.findFirstOrThrow({ where: { orgId: org.id, ipId: ip.id }, orderBy: { checkedAt: "desc" } });
    expect(check).toMatchObject({ ptr: "out1.acme-mail.example", fcrdns: true, rdnsGrade: "A", listedCount: 0 });
    // The blocklist questions are not the lab's to answer: they went to the upstream resolver.
    expect(upstream.queryCount).toBeGreaterThan(before + 10);
  }, 60_000);
});
