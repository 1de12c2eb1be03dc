/**
 * The probe jobs as the worker runs them: `probes.sync-mx` resolves through DNS_SERVERS (a loopback DNS
 * server here) into MX host monitors, `probes.schedule` also hands out due MX sets, `probes.maintain`
 * creates the partitions ahead, jobs for removed rows are skipped, and every `probes.run` of a process
 * shares one batch recorder per database client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { handlers } from "./handlers.ts";
import { probeRecorderFor } from "./probes.ts";

let t: TestDatabase;
let dns: TestDnsServer;
let orgId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  dns = await startTestDnsServer({
    "watched.test": {
      MX: [
        { preference: 10, exchange: "mx1.watched.test" },
        { preference: 20, exchange: "mx2.watched.test" },
      ],
    },
    "mx1.watched.test": { A: ["192.0.2.41"] },
    "mx2.watched.test": { A: ["192.0.2.42"] },
  });
  process.env.DNS_SERVERS = dns.address;
  orgId = (await t.db.organization.create({ data: { name: "W", slug: "probe-worker" } })).id;
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

describe("probe jobs in the worker", () => {
  it("probes.schedule hands out a due MX set; probes.sync-mx turns it into MX host monitors", async () => {
    const domain = await t.db.sendingDomain.create({ data: { orgId, domain: "watched.test", dkimSelectors: [] } });
    const watch = await t.db.mxWatch.create({ data: { orgId, domainId: domain.id, mxRecords: [], nextSyncAt: new Date(0) } });
    const scheduled = await handlers["probes.schedule"]?.({}, { db: t.db });
    expect(scheduled).toMatchObject({ mxSyncs: 1 });
    const synced = await handlers["probes.sync-mx"]?.({ orgId, watchId: watch.id }, { db: t.db });
    expect(synced).toMatchObject({ nullMx: false, error: null, added: ["mx1.watched.test", "mx2.watched.test"] });
    const monitors = await t.db.monitor.findMany({ where: { orgId, mxWatchId: watch.id }, orderBy: { mxPreference: "asc" } });
    expect(monitors.map((m) => [m.mxHost, m.port, m.mode, m.enabled, m.serverId])).toEqual([
      ["mx1.watched.test", 25, "starttls", true, null],
      ["mx2.watched.test", 25, "starttls", true, null],
    ]);
    expect(await handlers["probes.sync-mx"]?.({ orgId, watchId: "gone" }, { db: t.db })).toEqual({ skipped: "gone" });
  });

  it("probes.run for a removed monitor is skipped; one recorder per database client", async () => {
    expect(await handlers["probes.run"]?.({ orgId, monitorId: "gone", slot: new Date().toISOString() }, { db: t.db })).toEqual({
      skipped: "gone",
    });
    expect(probeRecorderFor(t.db)).toBe(probeRecorderFor(t.db));
  });

  it("probes.maintain keeps ProbeResult partitions ready ahead", async () => {
    const result = await handlers["probes.maintain"]?.({}, { db: t.db });
    expect(result).toMatchObject({ skipped: [] });
    const now = new Date();
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
    const name = `ProbeResult_p${ahead.getUTCFullYear()}${String(ahead.getUTCMonth() + 1).padStart(2, "0")}`;
    expect(await t.db.$queryRawUnsafe<unknown[]>(`select 1 from pg_class where relname = $1`, name)).toHaveLength(1);
  });
});
