/**
 * Fault test: PostgreSQL's postmaster SIGKILLed twice (crash recovery on each restart) while SMTP probes
 * run and record their results the way the worker's `probes.run` jobs do (real STARTTLS smtp-server on
 * 127.0.0.1:0, one shared batch recorder). A run that throws is retried with the same slot, as pg-boss
 * retries the job; a run that returns is acknowledged (the job completes). Afterwards every slot is recorded exactly once: results, rollups and the monitors'
 * last slot equal ground truth, whether a commit's answer was lost or not. Runs on its OWN embedded
 * PostgreSQL; restarts driven by @inboxwatch/db/restart-testing, like ingest/pg-restart.test.ts.
 */
import fs from "node:fs";
import type net from "node:net";
import os from "node:os";
import path from "node:path";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "@inboxwatch/db";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@inboxwatch/db/embedded";
import { migrate } from "@inboxwatch/db/migrate";
import { crashRecoveries, createRestartController, type TakeDown } from "@inboxwatch/db/restart-testing";
import { prepareQueues } from "@inboxwatch/jobs";

import { type OrgContext, systemContext, inTx } from "../context.ts";
import { syncMonitorsForServer } from "./monitors.ts";
import { createProbeRecorder } from "./recorder.ts";
import { runMonitorProbe, type ProbeRunDeps } from "./run.ts";

const MONITORS = 4;
const SLOTS_PER_MONITOR = 8;
/** Runs of one slot before the test gives up (two restarts need a handful at most). */
const MAX_ATTEMPTS = 20;
const SLOT_SPACING_MS = 60_000;

/** Every `*.restart.test` hostname is 127.0.0.1 here. */
const loopbackResolver = {
  resolveMx: () => Promise.resolve([]),
  resolve4: () => Promise.resolve(["127.0.0.1"]),
  resolve6: () => Promise.resolve([]),
};
const limits = {
  connectTimeoutMs: 2_000,
  bannerTimeoutMs: 3_000,
  commandTimeoutMs: 3_000,
  tlsHandshakeTimeoutMs: 3_000,
  hardTimeoutMs: 10_000,
};

let server: EmbeddedPostgres;
let dataDir: string;
let db: Db;
let smtp: SMTPServer;
let smtpPort = 0;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-pg-restart-probes-"));
  // Durable commits: the SIGKILL variant must not lose what the server acknowledged (restart-testing.ts).
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: 0, ephemeral: false });
  await server.createDatabase("probes");
  const url = server.url("probes");
  await migrate(url);
  await prepareQueues(url);
  process.env.DATABASE_URL = url;
  db = createDb(url, { max: 6 });
  const pems = selfsigned.generate([{ name: "commonName", value: "mx.restart.test" }], { keySize: 2048, days: 30, algorithm: "sha256" });
  smtp = new SMTPServer({ key: pems.private, cert: pems.cert, name: "mx.restart.test", authOptional: true, logger: false });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const address = (smtp as unknown as { server: net.Server }).server.address();
  smtpPort = typeof address === "object" && address ? address.port : 0;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await db?.$disconnect();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.env.DATABASE_URL = savedUrl;
});

async function loopbackMonitors(ctx: OrgContext, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < MONITORS; i++) {
    const mailServer = await db.mailServer.create({
      data: { orgId: ctx.orgId, hostname: `m${i}.${tag}.restart.test`, port25: false, port465: false, port587: true },
    });
    await db.$transaction((tx) => syncMonitorsForServer(inTx(ctx, tx), { serverId: mailServer.id }));
    const monitor = await db.monitor.findFirstOrThrow({ where: { serverId: mailServer.id, port: 587 } });
    await db.monitor.update({ where: { id: monitor.id }, data: { dialPort: smtpPort } });
    ids.push(monitor.id);
  }
  return ids;
}

// SIGKILL only: the harsher fault (fast shutdown is what the ingest and report variants also cover), and
// the suite's time budget.
describe.each<[TakeDown]>([["kill"]])("PostgreSQL taken down while probes record (%s)", (how) => {
  it("records every slot of every monitor exactly once; a failed run is retried with its slot", async () => {
    const org = await db.organization.create({ data: { name: `Restart probes ${how}`, slug: `restart-probes-${how}` } });
    const ctx: OrgContext = { db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const monitorIds = await loopbackMonitors(ctx, how);
    // The worker's path: one recorder per process, results written in batches.
    const deps: ProbeRunDeps = {
      probe: { resolver: loopbackResolver },
      limits,
      helo: "probe.test",
      recorder: createProbeRecorder(systemContext(db, "test")),
    };
    const firstSlot = Date.UTC(2026, 10, 28, 9, 0);
    const recoveriesBefore = crashRecoveries(server);
    const control = createRestartController(server, { downAfterAcks: [8, 20], how, ephemeral: false });
    let failures = 0;
    let recordedNow = 0;

    // One sender per monitor, slots in order: the next slot of a monitor is scheduled after the previous ran.
    const sender = async (monitorId: string) => {
      for (let s = 0; s < SLOTS_PER_MONITOR; s++) {
        const slot = new Date(firstSlot + s * SLOT_SPACING_MS);
        for (let attempt = 0; ; attempt++) {
          if (attempt >= MAX_ATTEMPTS) throw new Error(`slot ${s} of ${monitorId} still not recorded after ${MAX_ATTEMPTS} runs`);
          try {
            const r = await runMonitorProbe(ctx, { monitorId, slot }, deps);
            if ("recorded" in r && r.recorded) recordedNow++;
            break;
          } catch {
            failures++;
            await control.failed();
          }
        }
        control.acknowledged();
      }
    };
    await Promise.all(monitorIds.map(sender));
    await control.settle();
    server = control.server;

    expect(control.restarts).toBe(2);
    expect(crashRecoveries(server) - recoveriesBefore).toBe(how === "kill" ? 2 : 0);
    expect(failures).toBeGreaterThanOrEqual(2);
    // A run whose commit landed but whose answer was lost is retried and records nothing the second time.
    expect(recordedNow).toBeLessThanOrEqual(MONITORS * SLOTS_PER_MONITOR);

    const total = MONITORS * SLOTS_PER_MONITOR;
    expect(await db.probeResult.count({ where: { orgId: ctx.orgId } })).toBe(total);
    const perMonitor = await db.probeResult.groupBy({ by: ["monitorId"], where: { orgId: ctx.orgId }, _count: { _all: true } });
    expect(perMonitor.map((g) => g._count._all)).toEqual(Array.from({ length: MONITORS }, () => SLOTS_PER_MONITOR));
    expect((await db.monitorRollup.aggregate({ where: { orgId: ctx.orgId }, _sum: { probes: true } }))._sum.probes).toBe(total);
    const monitors = await db.monitor.findMany({ where: { id: { in: monitorIds } } });
    expect(monitors.map((m) => m.lastSlotAt?.getTime())).toEqual(
      Array.from({ length: MONITORS }, () => firstSlot + (SLOTS_PER_MONITOR - 1) * SLOT_SPACING_MS),
    );
  }, 90_000);
});
