/**
 * Monitors against real smtp-server instances on 127.0.0.1:0 (STARTTLS, self-signed): a probe stores a
 * result and UP; the server stopped → one failure queues a retry, the retry confirms DOWN; back → UP
 * with a state change; a new certificate → drift. The scheduler is checked through the jobs it wrote.
 */
import type net from "node:net";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SmtpLimits } from "@inboxwatch/deliverability/smtp";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext, inTx } from "../context.ts";
import { createMailServer, updateMailServer } from "../inventory/mail-server.ts";
import { syncMonitorsForServer, updateMonitor } from "./monitors.ts";
import { getPortHealth, getProbeResult, getProbeSeries, listMonitorEvents, listProbeResults, listServerMonitors } from "./read.ts";
import { probeMonitorNow, runMonitorProbe, type ProbeRunDeps } from "./run.ts";
import { scheduleDueProbes } from "./schedule.ts";

/** Loopback answers at once; these keep a broken case short without timing anything. */
const LIMITS: Partial<SmtpLimits> = {
  connectTimeoutMs: 2_000,
  bannerTimeoutMs: 3_000,
  commandTimeoutMs: 3_000,
  tlsHandshakeTimeoutMs: 3_000,
  hardTimeoutMs: 10_000,
};
const deps: ProbeRunDeps = { limits: LIMITS, helo: "probe.test" };

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;
let other: OrgContext;
const running: SMTPServer[] = [];

function certificate(commonName: string) {
  const pems = selfsigned.generate([{ name: "commonName", value: commonName }], { keySize: 2048, days: 90, algorithm: "sha256" });
  return { key: pems.private, cert: pems.cert };
}

async function startSmtp(cert: { key: string; cert: string }, host = "127.0.0.1"): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    ...cert,
    name: "mx.probe.test",
    authOptional: true,
    logger: false,
    onData: (stream, _s, cb) => stream.resume().on("end", () => cb()),
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = (server as unknown as { server: net.Server }).server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

const stop = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A server row pointing at loopback with its 587 monitor dialling `port` (MailServer hostnames are names; tests use the IP). */
async function loopbackMonitor(port: number, hostname: string) {
  const server = await t.db.mailServer.create({ data: { orgId: ctx.orgId, hostname, port25: false, port465: false, port587: true } });
  await t.db.$transaction((tx) => syncMonitorsForServer(inTx(ctx, tx), { serverId: server.id }));
  const monitor = await t.db.monitor.findFirstOrThrow({ where: { serverId: server.id, port: 587 } });
  await t.db.monitor.update({ where: { id: monitor.id }, data: { dialPort: port } });
  return { server, monitor };
}

let clock = Date.UTC(2026, 10, 27, 12, 0, 0);
const nextSlot = () => new Date((clock += 60_000));

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const orgA = await t.db.organization.create({ data: { name: "A", slug: "probe-a" } });
  const orgB = await t.db.organization.create({ data: { name: "B", slug: "probe-b" } });
  ctx = { db: t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: orgB.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await Promise.all(running.map((s) => stop(s)));
  await t?.drop();
});

describe("monitors follow the server's ports", () => {
  it("creates one monitor per enabled port and disables a port switched off", async () => {
    const server = await createMailServer(ctx, { hostname: "mx1.example.test", port25: true, port587: true, port465: true });
    const monitors = await t.db.monitor.findMany({ where: { serverId: server.id }, orderBy: { port: "asc" } });
    expect(monitors.map((m) => [m.port, m.mode, m.enabled, m.state, m.intervalSeconds])).toEqual([
      [25, "starttls", true, "UNKNOWN", 300],
      [465, "tls", true, "UNKNOWN", 300],
      [587, "starttls", true, "UNKNOWN", 300],
    ]);
    await updateMailServer(ctx, { id: server.id, port465: false });
    expect((await t.db.monitor.findFirstOrThrow({ where: { serverId: server.id, port: 465 } })).enabled).toBe(false);
    const m25 = monitors[0];
    if (!m25) throw new Error("no monitor");
    await expect(updateMonitor(ctx, { id: m25.id, intervalSeconds: 20 })).rejects.toThrow();
    expect((await updateMonitor(ctx, { id: m25.id, intervalSeconds: 60 })).intervalSeconds).toBe(60);
    await expect(updateMonitor(other, { id: m25.id, enabled: false })).rejects.toThrow(/not found/i);
    await expect(listServerMonitors(other, { serverId: server.id })).rejects.toThrow(/not found/i);
  });
});

describe("probes.run against a real STARTTLS server", () => {
  it("goes UP, retries a failure before DOWN, comes back UP, and records certificate drift", async () => {
    const first = await startSmtp(certificate("mx.probe.test"));
    const { server, monitor } = await loopbackMonitor(first.port, "127.0.0.1");

    const up = await runMonitorProbe(ctx, { monitorId: monitor.id, slot: nextSlot() }, deps);
    expect(up).toMatchObject({ recorded: true, state: "UP", retryQueued: false });
    const page = await listProbeResults(ctx, { monitorId: monitor.id });
    expect(page.items).toHaveLength(1);
    const stored = page.items[0];
    if (!stored) throw new Error("no result");
    expect(stored).toMatchObject({ outcome: "ok", failedPhase: null, address: "127.0.0.1" });
    expect(stored.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(stored.tlsMs).not.toBeNull();
    const full = await getProbeResult(ctx, { id: stored.id, time: stored.time });
    expect(full.result.transcript.length).toBeGreaterThan(0);
    expect(full.result.ehloAfterTls?.capabilities).toBeDefined();
    await expect(getProbeResult(other, { id: stored.id, time: stored.time })).rejects.toThrow(/not found/i);

    // The same slot again (a re-run job) records nothing.
    const replay = await runMonitorProbe(ctx, { monitorId: monitor.id, slot: new Date(clock) }, deps);
    expect(replay).toMatchObject({ recorded: false });

    // Stopped: the first failure keeps UP and queues the confirming retry; the retry declares DOWN.
    await stop(first.server);
    const failing = await runMonitorProbe(ctx, { monitorId: monitor.id, slot: nextSlot() }, deps);
    expect(failing).toMatchObject({ recorded: true, state: "UP", retryQueued: true });
    const retries = await t.db.$queryRawUnsafe<{ data: { monitorId: string } }[]>(
      `select data from pgboss.job where name = 'probes.run' and start_after > now()`,
    );
    expect(retries.some((j) => j.data.monitorId === monitor.id)).toBe(true);
    const down = await runMonitorProbe(ctx, { monitorId: monitor.id, slot: nextSlot() }, deps);
    expect(down).toMatchObject({ recorded: true, state: "DOWN", retryQueued: false });
    const downRow = await t.db.monitor.findUniqueOrThrow({ where: { id: monitor.id } });
    expect(downRow).toMatchObject({ state: "DOWN", consecutiveFailures: 2, lastOutcome: "refused" });

    // Back with a new certificate: UP again, a state change, and the certificate replacement as drift.
    const second = await startSmtp(certificate("mx2.probe.test"));
    await t.db.monitor.update({ where: { id: monitor.id }, data: { dialPort: second.port } });
    const back = await runMonitorProbe(ctx, { monitorId: monitor.id, slot: nextSlot() }, deps);
    expect(back).toMatchObject({ recorded: true, state: "UP" });

    const events = await listMonitorEvents(ctx, { serverId: server.id });
    const states = events
      .filter((e) => e.kind === "state_change")
      .map((e) => e.type)
      .reverse();
    expect(states).toEqual(["UP", "DOWN", "UP"]);
    const drift = events.filter((e) => e.kind === "drift").map((e) => e.type);
    expect(drift).toContain("certificate_replaced");

    const series = await getProbeSeries(ctx, { monitorId: monitor.id, range: "24h", now: new Date(clock) });
    expect(series.probes).toBe(4);
    expect(series.ok).toBe(2);
    expect(series.uptimePercent).toBe(50);
    const tiles = await listServerMonitors(ctx, { serverId: server.id, now: new Date(clock) });
    expect(tiles.monitors[0]).toMatchObject({ port: 587, state: "UP", uptime: { "24h": 50, "7d": 50, "30d": 50 } });
    const health = await getPortHealth(ctx, { now: new Date(clock) });
    expect(health.servers.find((s) => s.id === server.id)?.monitors[0]).toMatchObject({ state: "UP", uptime24h: 50 });
    await stop(second.server);
  });

  it("Probe now runs inline and returns the full result", async () => {
    const peer = await startSmtp(certificate("mx.probe.test"), "127.0.0.2");
    const { monitor } = await loopbackMonitor(peer.port, "127.0.0.2");
    const now = await probeMonitorNow(ctx, { id: monitor.id }, { ...deps, helo: "probe.test" });
    expect(now.state).toBe("UP");
    expect(now.result.outcome.kind).toBe("ok");
    expect(now.result.banner?.hostname).toBe("mx.probe.test");
    await expect(probeMonitorNow(other, { id: monitor.id }, deps)).rejects.toThrow(/not found/i);
    await stop(peer.server);
  });
});

describe("probes.schedule", () => {
  it("enqueues due monitors once, capped per organization per sweep", async () => {
    await t.db.$executeRawUnsafe(`delete from pgboss.job where name = 'probes.run'`);
    const now = new Date(Date.UTC(2027, 0, 1));
    await t.db.monitor.updateMany({ data: { nextProbeAt: new Date(now.getTime() + 3_600_000) } });
    for (const [c, n] of [
      [ctx, 4],
      [other, 1],
    ] as const) {
      for (let i = 0; i < n; i++) await createMailServer(c, { hostname: `s${i}.sched.test`, port25: true, port587: false, port465: false });
    }
    // A server written behind the verbs' back (like the demo seed) gets its monitor from the scheduler.
    const seeded = await t.db.mailServer.create({
      data: { orgId: other.orgId, hostname: "seeded.sched.test", port587: false, port465: false },
    });
    expect(await t.db.monitor.count({ where: { serverId: seeded.id } })).toBe(0);
    await scheduleDueProbes(sys(), { now: new Date(0) });
    expect(await t.db.monitor.count({ where: { serverId: seeded.id } })).toBe(1);
    await t.db.monitor.updateMany({
      where: { server: { hostname: { endsWith: ".sched.test" } } },
      data: { nextProbeAt: new Date(now.getTime() - 1000) },
    });

    const first = await scheduleDueProbes(sys(), { now, limits: { scan: 100, perOrg: 3 } });
    expect(first).toEqual({ enqueued: 5, organizations: 2 });
    const second = await scheduleDueProbes(sys(), { now, limits: { scan: 100, perOrg: 3 } });
    expect(second).toEqual({ enqueued: 1, organizations: 1 });
    expect(await scheduleDueProbes(sys(), { now, limits: { scan: 100, perOrg: 3 } })).toEqual({ enqueued: 0, organizations: 0 });

    const jobs = await t.db.$queryRawUnsafe<{ data: { orgId: string; monitorId: string; slot: string }; singleton_key: string }[]>(
      `select data, singleton_key from pgboss.job where name = 'probes.run'`,
    );
    expect(jobs).toHaveLength(6);
    expect(new Set(jobs.map((j) => j.data.monitorId)).size).toBe(6);
    expect(jobs.every((j) => j.singleton_key === `probes.run:${j.data.monitorId}`)).toBe(true);
    const claimed = await t.db.monitor.findFirstOrThrow({ where: { id: jobs[0]?.data.monitorId } });
    expect(claimed.nextProbeAt.getTime()).toBe(now.getTime() + claimed.intervalSeconds * 1000);
  });
});
