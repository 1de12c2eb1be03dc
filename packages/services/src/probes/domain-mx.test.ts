/**
 * Domain MX-set monitors against a real DNS server and a real STARTTLS smtp-server, both on loopback.
 * The DNS answer cannot carry a port and MX is always port 25, so the probes dial the smtp-server's
 * random port through ProbeRunDeps.mxPort (tests only). mx2 points at 127.0.0.2, where nothing listens.
 */
import type net from "node:net";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver, startTestDnsServer, type TestDnsServer, type TestZone } from "@inboxwatch/deliverability/dns";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { getDomainMx, probeDomainMxNow, rollUpMxState } from "./domain-mx-read.ts";
import { setDomainMxWatch, syncDomainMx } from "./domain-mx.ts";
import { getPortHealth } from "./read.ts";
import { type ProbeRunDeps } from "./run.ts";
import { scheduleDueMxSyncs } from "./schedule.ts";

const zone = (hosts: [string, number, string][]): TestZone => ({
  "mxwatch.test": { MX: hosts.map(([exchange, preference]) => ({ exchange, preference })) },
  ...Object.fromEntries(hosts.map(([exchange, , address]) => [exchange, { A: [address] }])),
  "nullmx.test": { MX: [{ preference: 0, exchange: "." }] },
});

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;
let other: OrgContext;
let dns: TestDnsServer;
let smtp: SMTPServer;
let deps: ProbeRunDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "mx-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "mx-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
  const pems = selfsigned.generate([{ name: "commonName", value: "mx1.mxwatch.test" }], { keySize: 2048, days: 30, algorithm: "sha256" });
  smtp = new SMTPServer({ key: pems.private, cert: pems.cert, name: "mx1.mxwatch.test", authOptional: true, logger: false });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const address = (smtp as unknown as { server: net.Server }).server.address();
  dns = await startTestDnsServer(
    zone([
      ["mx1.mxwatch.test", 10, "127.0.0.1"],
      ["mx2.mxwatch.test", 20, "127.0.0.2"],
    ]),
  );
  deps = {
    dnsResolver: createResolver({ servers: [dns.address], cache: false, timeoutMs: 1_000, retries: 1 }),
    mxPort: typeof address === "object" && address ? address.port : 0,
    helo: "probe.test",
    limits: {
      connectTimeoutMs: 2_000,
      bannerTimeoutMs: 3_000,
      commandTimeoutMs: 3_000,
      tlsHandshakeTimeoutMs: 3_000,
      hardTimeoutMs: 10_000,
    },
  };
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await dns?.close();
  await t?.drop();
});

describe("rollUpMxState", () => {
  it("is UP when every host is, DOWN when none answers, DEGRADED in between", () => {
    expect(rollUpMxState([])).toBe("UNKNOWN");
    expect(rollUpMxState(["UP", "UP"])).toBe("UP");
    expect(rollUpMxState(["UP", "DOWN"])).toBe("DEGRADED");
    expect(rollUpMxState(["UP", "DEGRADED"])).toBe("DEGRADED");
    expect(rollUpMxState(["DOWN", "DOWN"])).toBe("DOWN");
    expect(rollUpMxState(["UP", "UNKNOWN"])).toBe("DEGRADED");
  });
});

describe("domain MX-set monitors", () => {
  it("probes every MX host, rolls their states up to the domain, and records MX set changes as drift", async () => {
    const domain = await t.db.sendingDomain.create({ data: { orgId: ctx.orgId, domain: "mxwatch.test", dkimSelectors: [] } });
    expect((await getDomainMx(ctx, { domainId: domain.id })).watch).toBeNull();
    await expect(probeDomainMxNow(ctx, { domainId: domain.id }, deps)).rejects.toThrow(/turn it on/);

    const watch = await setDomainMxWatch(ctx, { domainId: domain.id, enabled: true });
    const queued = await t.db.$queryRawUnsafe<{ data: { watchId: string } }[]>(`select data from pgboss.job where name = 'probes.sync-mx'`);
    expect(queued.map((j) => j.data.watchId)).toContain(watch.id);

    // mx1 answers (STARTTLS), mx2 refuses: after the confirming second probe mx2 is DOWN, the domain DEGRADED.
    await probeDomainMxNow(ctx, { domainId: domain.id }, deps);
    const view = await probeDomainMxNow(ctx, { domainId: domain.id }, deps);
    expect(view.watch?.mxRecords).toEqual(["10 mx1.mxwatch.test", "20 mx2.mxwatch.test"]);
    expect(view.hosts.map((h) => [h.mxHost, h.mxPreference, h.state, h.lastOutcome])).toEqual([
      ["mx1.mxwatch.test", 10, "UP", "ok"],
      ["mx2.mxwatch.test", 20, "DOWN", "refused"],
    ]);
    expect(view.hosts[0]?.lastTlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(view.hosts[0]?.lastLatencyMs).not.toBeNull();
    expect(view.state).toBe("DEGRADED");
    const results = await t.db.probeResult.findMany({ where: { orgId: ctx.orgId, monitorId: { in: view.hosts.map((h) => h.id) } } });
    expect(results).toHaveLength(4);
    expect(results.filter((r) => r.outcome === "ok").every((r) => r.address === "127.0.0.1")).toBe(true);

    // The MX set changes: mx2 leaves, mx3 joins (same loopback peer) → drift events, and the domain is UP.
    dns.setZone(
      zone([
        ["mx1.mxwatch.test", 10, "127.0.0.1"],
        ["mx3.mxwatch.test", 30, "127.0.0.1"],
      ]),
    );
    const sync = await syncDomainMx(ctx, { watchId: watch.id }, { dnsResolver: deps.dnsResolver });
    expect(sync).toMatchObject({ added: ["mx3.mxwatch.test"], removed: ["mx2.mxwatch.test"] });
    const after = await probeDomainMxNow(ctx, { domainId: domain.id }, deps);
    expect(after.hosts.map((h) => [h.mxHost, h.enabled, h.state])).toEqual([
      ["mx1.mxwatch.test", true, "UP"],
      ["mx3.mxwatch.test", true, "UP"],
      ["mx2.mxwatch.test", false, "DOWN"],
    ]);
    expect(after.state).toBe("UP");
    // The organization's port health lists the watched domain's current MX hosts beside its servers.
    const health = await getPortHealth(ctx);
    expect(health.mxDomains.find((d) => d.domainId === domain.id)?.hosts.map((h) => [h.mxHost, h.port, h.state])).toEqual([
      ["mx1.mxwatch.test", 25, "UP"],
      ["mx3.mxwatch.test", 25, "UP"],
    ]);
    expect(health.mxCounts.UP).toBeGreaterThanOrEqual(2);
    expect((await getPortHealth(other)).mxDomains.some((d) => d.domainId === domain.id)).toBe(false);
    const drift = after.events.filter((e) => e.kind === "drift").map((e) => [e.type, e.monitor.mxHost]);
    expect(drift).toEqual(
      expect.arrayContaining([
        ["mx_host_added", "mx3.mxwatch.test"],
        ["mx_host_removed", "mx2.mxwatch.test"],
      ]),
    );

    // Another organization sees none of it.
    await expect(getDomainMx(other, { domainId: domain.id })).rejects.toThrow(/not found/i);
    await expect(setDomainMxWatch(other, { domainId: domain.id, enabled: false })).rejects.toThrow(/not found/i);
    await expect(syncDomainMx(other, { watchId: watch.id }, { dnsResolver: deps.dnsResolver })).rejects.toThrow(/not found/i);

    // Off: its host monitors stop (history kept).
    await setDomainMxWatch(ctx, { domainId: domain.id, enabled: false });
    expect(await t.db.monitor.count({ where: { mxWatchId: watch.id, enabled: true } })).toBe(0);
  });

  it("a null MX (RFC 7505) leaves nothing to probe", async () => {
    const domain = await t.db.sendingDomain.create({ data: { orgId: ctx.orgId, domain: "nullmx.test", dkimSelectors: [] } });
    await setDomainMxWatch(ctx, { domainId: domain.id, enabled: true });
    const view = await probeDomainMxNow(ctx, { domainId: domain.id }, deps);
    expect(view.watch).toMatchObject({ nullMx: true, mxRecords: ["0 ."], lastError: null });
    expect(view.hosts).toEqual([]);
    expect(view.state).toBe("UNKNOWN");
  });

  it("probes.schedule hands due MX sets to probes.sync-mx once per interval", async () => {
    await t.db.$executeRawUnsafe(`delete from pgboss.job where name = 'probes.sync-mx'`);
    const now = new Date(Date.now() + 3_600_000);
    const first = await scheduleDueMxSyncs(sys(), { now });
    expect(first.enqueued).toBe(1);
    expect(await scheduleDueMxSyncs(sys(), { now })).toEqual({ enqueued: 0 });
  });
});
