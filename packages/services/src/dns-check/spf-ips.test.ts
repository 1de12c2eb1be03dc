/**
 * SPF is graded against the domain's own sending IPs (issue 21 item 6): an IP linked to another domain
 * of the organization is not held against this one; an unlinked domain falls back to every IP and the
 * finding says so. Real checks against the loopback DNS server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver } from "@inboxwatch/deliverability/dns";
import { checkFixtures, startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { createSendingDomain } from "../inventory/sending-domain.ts";
import { createSendingIp, getSendingIp, updateSendingIp } from "../inventory/sending-ip.ts";
import { getDomainHealth } from "./read.ts";
import { type DnsCheckDeps, runDomainCheck } from "./run.ts";

const IP_A = "192.0.2.41";
const IP_B = "192.0.2.42";

let t: TestDatabase;
let dns: TestDnsServer;
let deps: DnsCheckDeps;
let ctx: OrgContext;
let other: OrgContext;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const { zone, faults } = checkFixtures();
  dns = await startTestDnsServer(
    {
      ...zone,
      "alpha.test": { MX: [{ preference: 10, exchange: "mx1.good.test" }], TXT: [`v=spf1 ip4:${IP_A} -all`] },
      "beta.test": { MX: [{ preference: 10, exchange: "mx1.good.test" }], TXT: [`v=spf1 ip4:${IP_B} -all`] },
      "gamma.test": { MX: [{ preference: 10, exchange: "mx1.good.test" }], TXT: [`v=spf1 ip4:${IP_A} -all`] },
    },
    faults,
  );
  deps = {
    resolver: createResolver({ servers: [dns.address], cache: false, timeoutMs: 1_000, retries: 1 }),
    fetcher: () => Promise.resolve({ ok: false, kind: "network", message: "no HTTPS in this test" }),
  };
  const orgA = await t.db.organization.create({ data: { name: "A", slug: "spf-ips-a" } });
  const orgB = await t.db.organization.create({ data: { name: "B", slug: "spf-ips-b" } });
  ctx = { db: t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: orgB.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

async function spfOf(domainId: string) {
  await runDomainCheck(ctx, { id: domainId }, deps);
  const { latest } = await getDomainHealth(ctx, { id: domainId });
  if (!latest) throw new Error("no check stored");
  return latest.result.checks.spf;
}

describe("SPF graded against the domain's own IPs", () => {
  it("two domains, two IPs each linked to one: each domain's SPF is evaluated for its own IP only", async () => {
    const alpha = await createSendingDomain(ctx, { domain: "alpha.test" });
    const beta = await createSendingDomain(ctx, { domain: "beta.test" });
    const ipA = await createSendingIp(ctx, { address: IP_A, domainIds: [alpha.id] });
    const ipB = await createSendingIp(ctx, { address: IP_B });
    await updateSendingIp(ctx, { id: ipB.id, domainIds: [beta.id] });
    expect((await getSendingIp(ctx, { id: ipA.id })).domains).toEqual([{ id: alpha.id, domain: "alpha.test" }]);

    const a = await spfOf(alpha.id);
    expect(a.evaluations.map((e) => [e.ip, e.result])).toEqual([[IP_A, "pass"]]);
    expect(a.findings.map((f) => f.code)).toEqual([]);
    expect(a.grade).toBe("A");

    const b = await spfOf(beta.id);
    expect(b.evaluations.map((e) => [e.ip, e.result])).toEqual([[IP_B, "pass"]]);
    expect(b.grade).toBe("A");
  });

  it("an unlinked domain falls back to every IP of the organization, and the finding says so", async () => {
    const gamma = await createSendingDomain(ctx, { domain: "gamma.test" });
    const g = await spfOf(gamma.id);
    expect(g.evaluations.map((e) => [e.ip, e.result])).toEqual([
      [IP_A, "pass"],
      [IP_B, "fail"],
    ]);
    expect(g.findings.find((f) => f.code === "spf.ips-not-linked")?.message).toBe(
      "No sending IPs are linked to gamma.test: SPF was evaluated against all 2 of the organization's IPs, including any that send for other domains.",
    );
    expect(g.findings.find((f) => f.code === "spf.ip-not-authorized")?.message).toMatch(/none of which is linked to this domain/);
  });

  it("unlinking by an empty list; a foreign or unknown domain id is NOT_FOUND and changes nothing", async () => {
    const foreign = await createSendingDomain(other, { domain: "foreign.test" });
    const ip = await createSendingIp(ctx, { address: "192.0.2.43" });
    await expect(updateSendingIp(ctx, { id: ip.id, domainIds: [foreign.id] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createSendingIp(ctx, { address: "192.0.2.44", domainIds: [foreign.id] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateSendingIp(ctx, { id: ip.id, domainIds: ["nope"] })).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.sendingIp.count({ where: { orgId: ctx.orgId, address: "192.0.2.44" } })).toBe(0);
    expect((await getSendingIp(ctx, { id: ip.id })).domains).toEqual([]);

    const alpha = await t.db.sendingDomain.findFirstOrThrow({ where: { orgId: ctx.orgId, domain: "alpha.test" } });
    await updateSendingIp(ctx, { id: ip.id, domainIds: [alpha.id, alpha.id] });
    expect((await getSendingIp(ctx, { id: ip.id })).domains.map((d) => d.domain)).toEqual(["alpha.test"]);
    await updateSendingIp(ctx, { id: ip.id, domainIds: [] });
    expect((await getSendingIp(ctx, { id: ip.id })).domains).toEqual([]);
    // Leaving domainIds out keeps the links.
    await updateSendingIp(ctx, { id: ip.id, domainIds: [alpha.id] });
    await updateSendingIp(ctx, { id: ip.id, pool: "bulk" });
    expect((await getSendingIp(ctx, { id: ip.id })).domains.map((d) => d.domain)).toEqual(["alpha.test"]);
  });
});
