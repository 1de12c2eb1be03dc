/**
 * Real checks against the loopback authoritative DNS server: a run stores the result, a second run after
 * the fixture zone changed stores drift events, blocklist overrides steer the DNSBL lookups, and the
 * scheduler enqueues never-checked rows once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver, type DomainCheckResult, type IpCheckResult } from "@inboxwatch/deliverability/dns";
import {
  checkFixtures,
  GOOD_IP,
  LISTED_IP,
  startTestDnsServer,
  type TestDnsServer,
  type TestZone,
} from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { createMailServer } from "../inventory/mail-server.ts";
import { createSendingDomain } from "../inventory/sending-domain.ts";
import { createSendingIp } from "../inventory/sending-ip.ts";
import { BANNER_LOOKBACK_MS, listBannerObservations } from "./banners.ts";
import { addBlocklist, listBlocklists, removeBlocklist, setBlocklistEnabled } from "./blocklists.ts";
import { getDomainHealth, getIpHealth, listDrift, listHealth } from "./read.ts";
import { type DnsCheckDeps, runDomainCheck, runIpCheck } from "./run.ts";
import { requestDomainCheck, scheduleDueChecks } from "./schedule.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let dns: TestDnsServer;
let deps: DnsCheckDeps;
let ctx: OrgContext;
let other: OrgContext;
const fixtures = checkFixtures();
const reverse = (ip: string) => ip.split(".").reverse().join(".");

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  dns = await startTestDnsServer(fixtures.zone, fixtures.faults);
  // No cache: the zone changes between runs and the second run must see it.
  deps = {
    resolver: createResolver({ servers: [dns.address], cache: false, timeoutMs: 1_000, retries: 1 }),
    fetcher: () => Promise.resolve({ ok: false, kind: "network", message: "no HTTPS in this test" }),
  };
  const orgA = await t.db.organization.create({ data: { name: "A", slug: "dns-a" } });
  const orgB = await t.db.organization.create({ data: { name: "B", slug: "dns-b" } });
  ctx = { db: t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: orgB.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

function withZone(changes: TestZone, remove: string[] = []): void {
  const zone: TestZone = { ...fixtures.zone, ...changes };
  for (const name of remove) delete zone[name];
  dns.setZone(zone, fixtures.faults);
}

describe("domain checks", () => {
  it("stores a run, then records drift when the zone changes", async () => {
    const domain = await createSendingDomain(ctx, { domain: "good.test", dkimSelectors: ["selector1"] });
    await createSendingIp(ctx, { address: GOOD_IP });
    const first = await runDomainCheck(ctx, { id: domain.id }, deps);
    expect(first.drift).toBe(0);
    const health = await getDomainHealth(ctx, { id: domain.id });
    const result = health.latest?.result as DomainCheckResult;
    expect(result.kind).toBe("domain");
    expect(result.checks.dmarc.strength).toBe("reject");
    expect(health.latest?.dmarcGrade).toBe("A");
    expect(health.latest?.queryCount).toBeGreaterThan(5);
    expect(health.domain.lastCheckedAt).not.toBeNull();
    expect(health.domain.nextCheckAt!.getTime()).toBeGreaterThan(health.domain.lastCheckedAt!.getTime());

    withZone({ "_dmarc.good.test": { TXT: ["v=DMARC1; p=none; rua=mailto:dmarc@good.test"] } }, ["selector1._domainkey.good.test"]);
    try {
      const second = await runDomainCheck(ctx, { id: domain.id }, deps);
      expect(second.drift).toBeGreaterThan(0);
    } finally {
      withZone({});
    }
    const after = await getDomainHealth(ctx, { id: domain.id });
    expect(after.history).toHaveLength(2);
    const types = after.drift.map((e) => e.type);
    expect(types).toContain("dmarc.policy-weakened");
    expect(types).toContain("dkim.key-removed");
    expect(after.drift.every((e) => e.subjectType === "DOMAIN" && e.domainId === domain.id)).toBe(true);
    expect((await listDrift(ctx, { domainId: domain.id })).length).toBe(after.drift.length);
    // Another organization sees none of it.
    await expect(getDomainHealth(other, { id: domain.id })).rejects.toThrow(/not found/);
    await expect(runDomainCheck(other, { id: domain.id }, deps)).rejects.toThrow(/not found/);
    expect(await listDrift(other)).toEqual([]);
  });

  it("turns SERVFAIL into temperror findings, not a failed job", async () => {
    const domain = await createSendingDomain(ctx, { domain: "servfail.test" });
    await runDomainCheck(ctx, { id: domain.id }, deps);
    const health = await getDomainHealth(ctx, { id: domain.id });
    expect(health.latest?.result.checks.spf.status).toBe("temperror");
  });
});

describe("IP checks and the blocklist catalogue", () => {
  it("finds listings, honours private and disabled lists, and records delisting", async () => {
    const ip = await createSendingIp(ctx, { address: LISTED_IP, expectedHelo: "mail.good.test" });
    await addBlocklist(ctx, { zone: "private-bl.test", name: "Our private list", weight: 4 });
    await setBlocklistEnabled(ctx, { zone: "b.barracudacentral.org", enabled: false });
    const catalogue = await listBlocklists(ctx);
    expect(catalogue.find((l) => l.zone === "private-bl.test")).toMatchObject({ isPrivate: true, enabled: true, weight: 4 });
    expect(catalogue.find((l) => l.zone === "b.barracudacentral.org")?.enabled).toBe(false);
    expect((await listBlocklists(other)).some((l) => l.zone === "private-bl.test")).toBe(false);

    await runIpCheck(ctx, { id: ip.id }, deps);
    const health = await getIpHealth(ctx, { id: ip.id });
    const result = health.latest?.result as IpCheckResult;
    const zones = result.checks.dnsbl.lists.filter((l) => l.status === "listed").map((l) => l.zone);
    expect(zones).toEqual(expect.arrayContaining(["zen.spamhaus.org", "bl.spamcop.net", "private-bl.test"]));
    expect(result.checks.dnsbl.lists.some((l) => l.zone === "b.barracudacentral.org")).toBe(false);
    expect(health.latest?.listedCount).toBe(zones.length);
    expect(health.latest?.worstSeverity).toBe("critical");
    expect(health.latest?.ptr).toBe("dsl-192-0-2-99.pool.isp.test");

    withZone({}, [`${reverse(LISTED_IP)}.bl.spamcop.net`]);
    try {
      await runIpCheck(ctx, { id: ip.id }, deps);
    } finally {
      withZone({});
    }
    const drift = await listDrift(ctx, { ipId: ip.id });
    expect(drift.map((e) => e.type)).toContain("dnsbl.delisted");
    expect(drift.find((e) => e.type === "dnsbl.delisted")?.message).toMatch(/SpamCop/i);

    // Retired lists stay out of the catalogue and cannot be switched back on.
    expect(catalogue.some((l) => l.zone === "ix.dnsbl.manitu.net")).toBe(false);
    await expect(setBlocklistEnabled(ctx, { zone: "ix.dnsbl.manitu.net", enabled: true })).rejects.toThrow(
      /retired from the catalogue: NiX Spam ceased/,
    );

    await removeBlocklist(ctx, { zone: "private-bl.test" });
    expect((await listBlocklists(ctx)).some((l) => l.zone === "private-bl.test")).toBe(false);
    await expect(removeBlocklist(other, { zone: "b.barracudacentral.org" })).rejects.toThrow(/not found/);
  });
});

describe("banner hostnames from SMTP probes", () => {
  /** A probe result row as the probes store it: the dialled address in its column, the greeting in the engine's result. */
  async function storeProbe(c: OrgContext, serverHost: string, port: number, at: Date, address: string, bannerHostname: string) {
    const server =
      (await c.db.mailServer.findFirst({ where: { orgId: c.orgId, hostname: serverHost }, select: { id: true } })) ??
      (await createMailServer(c, { hostname: serverHost }));
    const monitor = await c.db.monitor.findFirstOrThrow({ where: { orgId: c.orgId, serverId: server.id, port } });
    await c.db.probeResult.create({
      data: {
        orgId: c.orgId,
        monitorId: monitor.id,
        time: at,
        outcome: "ok",
        totalMs: 12,
        address,
        result: {
          schemaVersion: 1,
          connected: { host: serverHost, address, port },
          banner: { code: 220, text: `${bannerHostname} ESMTP Postfix`, hostname: bannerHostname },
        },
      },
    });
  }

  it("compares the PTR with the greeting host names probes saw on the IP, newest per port, own organization only", async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await storeProbe(ctx, "mx1.good.test", 25, ago(120_000), GOOD_IP, "old-name.good.test");
    await storeProbe(ctx, "mx1.good.test", 25, ago(60_000), GOOD_IP, "mx1.good.test");
    await storeProbe(ctx, "mx1.good.test", 587, ago(60_000), GOOD_IP, "mail.good.test");
    await storeProbe(ctx, "mx1.good.test", 465, ago(BANNER_LOOKBACK_MS + 60_000), GOOD_IP, "stale.good.test");
    await storeProbe(ctx, "other.good.test", 25, ago(60_000), "198.51.100.1", "elsewhere.good.test");
    await storeProbe(other, "mx1.good.test", 25, ago(30_000), GOOD_IP, "foreign.good.test");

    expect((await listBannerObservations(ctx, { address: GOOD_IP, now })).sort((a, b) => (a.port ?? 0) - (b.port ?? 0))).toEqual([
      { hostname: "mx1.good.test", port: 25, server: "mx1.good.test" },
      { hostname: "mail.good.test", port: 587, server: "mx1.good.test" },
    ]);
    const ip =
      (await t.db.sendingIp.findFirst({ where: { orgId: ctx.orgId, address: GOOD_IP }, select: { id: true } })) ??
      (await createSendingIp(ctx, { address: GOOD_IP }));
    await runIpCheck(ctx, { id: ip.id }, { ...deps, now: () => now });
    const rdns = ((await getIpHealth(ctx, { id: ip.id })).latest?.result as IpCheckResult).checks.rdns;
    expect(rdns.banners).toEqual([
      { hostname: "mail.good.test", ports: [587], servers: ["mx1.good.test"], matchesPtr: true },
      { hostname: "mx1.good.test", ports: [25], servers: ["mx1.good.test"], matchesPtr: false },
    ]);
    expect(rdns.findings.filter((f) => f.code === "rdns.banner-mismatch").map((f) => f.message)).toEqual([
      "PTR mail.good.test does not match the banner hostname mx1.good.test seen on port 25 of mx1.good.test.",
    ]);
    expect(rdns.findings.find((f) => f.code === "rdns.banner-mismatch")?.fix).toMatch(/myhostname/);
  });
});

describe("scheduling", () => {
  it("enqueues never-checked and due rows once, and Check now enqueues on demand", async () => {
    const fresh = await createSendingDomain(ctx, { domain: "bare.test" });
    const now = new Date();
    const first = await scheduleDueChecks(sys(), { now });
    expect(first.domains).toBeGreaterThanOrEqual(1);
    const again = await scheduleDueChecks(sys(), { now });
    expect(again).toEqual({ domains: 0, ips: 0 });
    const jobs = await t.db.$queryRawUnsafe<{ name: string; data: { id: string; orgId: string } }[]>(
      `select name, data from pgboss.job where name like 'dns.%'`,
    );
    expect(jobs.some((j) => j.name === "dns.check-domain" && j.data.id === fresh.id && j.data.orgId === ctx.orgId)).toBe(true);
    // Due again once the claim has lapsed.
    const later = await scheduleDueChecks(sys(), { now: new Date(now.getTime() + 7 * 60 * 60 * 1000) });
    expect(later.domains).toBeGreaterThanOrEqual(1);

    const { requestedAt } = await requestDomainCheck(ctx, { id: fresh.id });
    expect(requestedAt).toBeInstanceOf(Date);
    await expect(requestDomainCheck(other, { id: fresh.id })).rejects.toThrow(/not found/);
  });

  it("lists every domain and IP with its latest grade", async () => {
    const table = await listHealth(ctx);
    expect(table.domains.find((d) => d.domain === "good.test")?.latest?.grade).toBeDefined();
    expect(table.domains.find((d) => d.domain === "bare.test")?.latest).toBeNull();
    expect(table.ips.find((i) => i.address === LISTED_IP)?.latest?.listedCount).toBeGreaterThan(0);
    expect(await listHealth(other)).toEqual({ domains: [], ips: [] });
  });
});
