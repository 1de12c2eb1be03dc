/** The DNS check jobs as the worker runs them: DNS_SERVERS points the shared resolver at the loopback server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkFixtures, GOOD_IP, startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { handlers } from "./handlers.ts";

let t: TestDatabase;
let dns: TestDnsServer;
let orgId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const { zone, faults } = checkFixtures();
  // TTL 0: the record the drift test changes is never cached by the worker's shared resolver.
  dns = await startTestDnsServer({ ...zone, "_dmarc.authorized.test": { ...zone["_dmarc.authorized.test"], ttl: 0 } }, faults);
  process.env.DNS_SERVERS = dns.address;
  orgId = (await t.db.organization.create({ data: { name: "W", slug: "dns-worker" } })).id;
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

describe("dns check jobs", () => {
  it("check-domain and check-ip store results through the env-configured resolver", async () => {
    const domain = await t.db.sendingDomain.create({ data: { orgId, domain: "nullmx.test", dkimSelectors: [] } });
    const ip = await t.db.sendingIp.create({ data: { orgId, address: GOOD_IP, expectedHelo: "mail.good.test" } });
    await handlers["dns.check-domain"]?.({ orgId, id: domain.id }, { db: t.db });
    await handlers["dns.check-ip"]?.({ orgId, id: ip.id }, { db: t.db });
    const check = await t.db.domainCheck.findFirstOrThrow({ where: { orgId, domainId: domain.id } });
    expect(check.mxGrade).toBe("A");
    const ipCheck = await t.db.ipCheck.findFirstOrThrow({ where: { orgId, ipId: ip.id } });
    expect(ipCheck).toMatchObject({ ptr: "mail.good.test", fcrdns: true });
    expect(dns.queryCount).toBeGreaterThan(0);
  });

  it("a zone change between two job runs becomes drift events", async () => {
    const { zone, faults } = checkFixtures();
    const domain = await t.db.sendingDomain.create({ data: { orgId, domain: "authorized.test", dkimSelectors: [] } });
    await handlers["dns.check-domain"]?.({ orgId, id: domain.id }, { db: t.db });
    dns.setZone({ ...zone, "_dmarc.authorized.test": { TXT: ["v=DMARC1; p=none; rua=mailto:agg@reports.vendor.test"], ttl: 0 } }, faults);
    await handlers["dns.check-domain"]?.({ orgId, id: domain.id }, { db: t.db });
    const events = await t.db.dnsDriftEvent.findMany({ where: { orgId, domainId: domain.id } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["dmarc.policy-weakened", "record.changed"]));
    expect(await t.db.domainCheck.count({ where: { orgId, domainId: domain.id } })).toBe(2);
  });

  it("skips a domain removed after its job was queued instead of retrying", async () => {
    expect(await handlers["dns.check-domain"]?.({ orgId, id: "gone-domain-id" }, { db: t.db })).toEqual({ skipped: "gone" });
  });

  it("the schedule tick enqueues due rows", async () => {
    await t.db.sendingDomain.create({ data: { orgId, domain: "good.test", dkimSelectors: [] } });
    expect(await handlers["dns.schedule"]?.({}, { db: t.db })).toMatchObject({ domains: 1 });
  });
});
