/**
 * Results written in batches: N concurrent `probes.run` probes against a real STARTTLS smtp-server on
 * 127.0.0.1:0 share one recorder and land as one batch (N rows, N rollups, one state change each); the
 * same slots replayed (a retried job) record nothing and count nothing twice; two probes of one monitor
 * in one batch are recorded in order.
 */
import type net from "node:net";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type ProbeResult } from "@inboxwatch/deliverability/smtp";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext, inTx } from "../context.ts";
import { syncMonitorsForServer } from "./monitors.ts";
import { recordProbes } from "./record.ts";
import { createProbeRecorder } from "./recorder.ts";
import { runMonitorProbe, type ProbeRunDeps } from "./run.ts";

/** MailServer hostnames are unique per organization: every `*.batch.test` name is 127.0.0.1 here. */
const loopbackResolver = {
  resolveMx: () => Promise.resolve([]),
  resolve4: () => Promise.resolve(["127.0.0.1"]),
  resolve6: () => Promise.resolve([]),
};
const deps: ProbeRunDeps = {
  probe: { resolver: loopbackResolver },
  limits: { connectTimeoutMs: 2_000, bannerTimeoutMs: 3_000, commandTimeoutMs: 3_000, tlsHandshakeTimeoutMs: 3_000, hardTimeoutMs: 10_000 },
  helo: "probe.test",
};
const N = 6;

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let ctx: OrgContext;
let smtp: SMTPServer;
let port = 0;
let servers = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = await t.db.organization.create({ data: { name: "Batch", slug: "probe-batch" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  const pems = selfsigned.generate([{ name: "commonName", value: "mx.batch.test" }], { keySize: 2048, days: 30, algorithm: "sha256" });
  smtp = new SMTPServer({ key: pems.private, cert: pems.cert, name: "mx.batch.test", authOptional: true, logger: false });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const address = (smtp as unknown as { server: net.Server }).server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t?.drop();
});

async function loopbackMonitors(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const server = await t.db.mailServer.create({
      data: { orgId: ctx.orgId, hostname: `m${++servers}.batch.test`, port25: false, port465: false, port587: true },
    });
    await t.db.$transaction((tx) => syncMonitorsForServer(inTx(ctx, tx), { serverId: server.id }));
    const m = await t.db.monitor.findFirstOrThrow({ where: { serverId: server.id, port: 587 } });
    await t.db.monitor.update({ where: { id: m.id }, data: { dialPort: port } });
    ids.push(m.id);
  }
  return ids;
}

describe("probe results are written in batches", () => {
  it("records N concurrent probes as one batch, and a replay of the same slots counts nothing twice", async () => {
    const ids = await loopbackMonitors(N);
    const recorder = createProbeRecorder(sys(), { batchMax: N, lingerMs: 60_000 });
    const slot = new Date(Date.UTC(2026, 10, 27, 12, 0));
    const recorded = await Promise.all(ids.map((monitorId) => runMonitorProbe(ctx, { monitorId, slot }, { ...deps, recorder })));
    expect(recorded.every((r) => "recorded" in r && r.recorded && r.state === "UP")).toBe(true);
    expect(recorder.stats).toEqual({ batches: 1, results: N, fallbacks: 0 });

    const rows = await t.db.probeResult.findMany({ where: { orgId: ctx.orgId, monitorId: { in: ids } } });
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.monitorId)).size).toBe(N);
    expect(rows.every((r) => r.outcome === "ok" && r.tlsVersion !== null)).toBe(true);
    const rollups = await t.db.monitorRollup.findMany({ where: { orgId: ctx.orgId, monitorId: { in: ids } } });
    expect(rollups.map((r) => [r.probes, r.ok])).toEqual(Array.from({ length: N }, () => [1, 1]));
    expect(await t.db.monitorEvent.count({ where: { orgId: ctx.orgId, monitorId: { in: ids }, kind: "state_change" } })).toBe(N);
    // The monitors' columns, written by the batch's single UPDATE.
    const updated = await t.db.monitor.findMany({ where: { id: { in: ids } } });
    for (const m of updated) {
      const row = rows.find((r) => r.monitorId === m.id);
      expect(m).toMatchObject({
        state: "UP",
        consecutiveFailures: 0,
        lastOutcome: "ok",
        lastTlsVersion: row?.tlsVersion,
        lastLatencyMs: row?.totalMs,
        lastSlotAt: slot,
      });
      expect(m.lastProbeAt).toEqual(row?.time);
      expect(m.stateSince).toEqual(row?.time);
      expect(Array.isArray(m.stateReasons)).toBe(true);
      expect(m.baseline).not.toBeNull();
      expect(m.lastOkFingerprint).not.toBeNull();
      expect(m.nextProbeAt.getTime()).toBeGreaterThan(Date.now() + (m.intervalSeconds - 60) * 1000);
    }

    // A retried job re-runs the same slots: nothing recorded, rollups and events unchanged.
    const monitors = await t.db.monitor.findMany({ where: { id: { in: ids } } });
    const full = await t.db.probeResult.findMany({ where: { monitorId: { in: ids } }, select: { monitorId: true, result: true } });
    const byMonitor = new Map(full.map((r) => [r.monitorId, r.result as unknown as ProbeResult]));
    const replay = await t.db.$transaction((tx) =>
      recordProbes(
        { db: tx },
        { items: monitors.map((monitor) => ({ monitor, slot, result: byMonitor.get(monitor.id) as ProbeResult, now: slot })) },
      ),
    );
    expect(replay.every((r) => !r.recorded)).toBe(true);
    expect(await t.db.probeResult.count({ where: { monitorId: { in: ids } } })).toBe(N);
    const after = await t.db.monitorRollup.aggregate({ where: { monitorId: { in: ids } }, _sum: { probes: true } });
    expect(after._sum.probes).toBe(N);
  });

  it("records two failures of one monitor in one batch in order: the second confirms DOWN", async () => {
    const [id] = await loopbackMonitors(1);
    if (!id) throw new Error("no monitor");
    const up = await runMonitorProbe(ctx, { monitorId: id, slot: new Date(Date.UTC(2026, 10, 27, 13, 0)) }, deps);
    expect(up).toMatchObject({ state: "UP" });
    // Port 1 on loopback: nothing listens, so both probes are refused at connect.
    await t.db.monitor.update({ where: { id }, data: { dialPort: 1 } });
    const recorder = createProbeRecorder(sys(), { batchMax: 2, lingerMs: 60_000 });
    const [first, second] = await Promise.all([
      runMonitorProbe(ctx, { monitorId: id, slot: new Date(Date.UTC(2026, 10, 27, 13, 1)) }, { ...deps, recorder }),
      runMonitorProbe(ctx, { monitorId: id, slot: new Date(Date.UTC(2026, 10, 27, 13, 2)) }, { ...deps, recorder }),
    ]);
    expect(recorder.stats.batches).toBe(1);
    expect(first).toMatchObject({ recorded: true, state: "UP", retryQueued: true });
    expect(second).toMatchObject({ recorded: true, state: "DOWN", retryQueued: false });
    expect(await t.db.monitor.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "DOWN", consecutiveFailures: 2 });
    const rollup = await t.db.monitorRollup.aggregate({ where: { monitorId: id }, _sum: { probes: true, ok: true } });
    expect(rollup._sum).toEqual({ probes: 3, ok: 1 });
  });
});
