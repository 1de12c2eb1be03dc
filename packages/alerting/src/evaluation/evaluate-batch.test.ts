import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Db } from "@inboxwatch/db";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { forOrg, systemContext } from "@inboxwatch/services";

import { evaluateOrganizations, evaluateRules } from "./evaluate.ts";
import { seedPresetRules } from "../rules/rules.ts";

let t: TestDatabase;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

let orgCount = 0;
/** An organization with the presets and something for each input kind (monitors, drift, rollups, signals, reports' domain). */
async function orgWithData(options: { portDown: boolean }): Promise<string> {
  const org = await t.db.organization.create({ data: { name: "Batch", slug: `batch-${++orgCount}` } });
  const orgId = org.id;
  await seedPresetRules(forOrg(systemContext(t.db, "test"), orgId));
  const server = await t.db.mailServer.create({ data: { orgId, hostname: `mx.batch-${orgCount}.example` } });
  await t.db.monitor.create({
    data: {
      orgId,
      serverId: server.id,
      port: 25,
      mode: "starttls",
      state: options.portDown ? "DOWN" : "UP",
      stateSince: new Date(T0 - HOUR),
      lastProbeAt: new Date(T0 - MINUTE),
      consecutiveFailures: options.portDown ? 3 : 0,
    },
  });
  const domain = await t.db.sendingDomain.create({ data: { orgId, domain: `batch-${orgCount}.example` } });
  const rollups = [];
  for (let h = 0; h < 3; h++) {
    const hour = new Date(T0 - h * HOUR);
    rollups.push({ orgId, hour, senderDomain: domain.domain, provider: "gmail", status: "sent", category: "", count: 500 });
    // Organization 1 bounces 10 %: its bounce-rate preset fires, the others' do not.
    rollups.push({
      orgId,
      hour,
      senderDomain: domain.domain,
      provider: "gmail",
      status: "bounced",
      category: "reputation",
      count: options.portDown ? 60 : 5,
    });
  }
  await t.db.deliveryRollup.createMany({ data: rollups });
  await t.db.alertSignal.create({
    data: { orgId, at: new Date(T0 - MINUTE), scopeType: "organization", metric: "rate_5xx", value: 1, volume: 300 },
  });
  return orgId;
}

/** The database client counting every statement it sends (model operations and raw queries). */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const counted = db.$extends({
    query: {
      $allOperations({ args, query }): Promise<unknown> {
        n++;
        return query(args) as Promise<unknown>;
      },
    },
  }) as unknown as Db;
  return { db: counted, count: () => n };
}

describe("evaluateOrganizations", () => {
  it("reads a batch with the same number of queries whatever its number of organizations", async () => {
    const small = [await orgWithData({ portDown: false }), await orgWithData({ portDown: false })];
    const large = [
      ...small,
      await orgWithData({ portDown: false }),
      await orgWithData({ portDown: false }),
      await orgWithData({ portDown: false }),
      await orgWithData({ portDown: false }),
    ];
    const a = counting(t.db);
    expect(await evaluateOrganizations(systemContext(a.db, "test"), { orgs: small.map((orgId) => ({ orgId })), now: T0 })).toMatchObject({
      opened: 0,
    });
    const b = counting(t.db);
    const summary = await evaluateOrganizations(systemContext(b.db, "test"), { orgs: large.map((orgId) => ({ orgId })), now: T0 + MINUTE });
    expect(summary.opened).toBe(0);
    expect(summary.evaluated).toBe(3 * (await t.db.alertRule.count({ where: { orgId: { in: small } } })));
    // One query per input kind and one for the states, for 2 organizations as for 6.
    expect(b.count()).toBe(a.count());
    expect(a.count()).toBeGreaterThan(5);
    expect(b.count()).toBeLessThanOrEqual(20);
  });

  it("decides as if each organization were evaluated alone", async () => {
    const orgs = [await orgWithData({ portDown: true }), await orgWithData({ portDown: false }), await orgWithData({ portDown: true })];
    const alone = [await orgWithData({ portDown: true }), await orgWithData({ portDown: false }), await orgWithData({ portDown: true })];
    const batched = await evaluateOrganizations(systemContext(t.db, "test"), { orgs: orgs.map((orgId) => ({ orgId })), now: T0 });
    let opened = 0;
    for (const orgId of alone) opened += (await evaluateRules(forOrg(systemContext(t.db, "test"), orgId), { now: T0 })).opened;
    // Port 25 down (preset: 2 confirmations, 2 minutes) is still pending; the 10 % bounce rate is pending its 10 minutes.
    expect(batched.opened).toBe(opened);
    for (const at of [T0 + 3 * MINUTE, T0 + 12 * MINUTE]) {
      const b = await evaluateOrganizations(systemContext(t.db, "test"), { orgs: orgs.map((orgId) => ({ orgId })), now: at });
      let o = 0;
      for (const orgId of alone) o += (await evaluateRules(forOrg(systemContext(t.db, "test"), orgId), { now: at })).opened;
      expect(b.opened).toBe(o);
    }
    const titles = async (ids: string[]) =>
      (await t.db.incident.findMany({ where: { orgId: { in: ids } }, select: { title: true } }))
        .map((i) => i.title.replace(/batch-\d+/, "batch-N"))
        .sort();
    expect(await titles(orgs)).toEqual(await titles(alone));
    expect(await titles(orgs)).toEqual([
      "Bounce rate above 5%",
      "Bounce rate above 5%",
      "SMTP port down — mx.batch-N.example port 25",
      "SMTP port down — mx.batch-N.example port 25",
    ]);
  });
});
