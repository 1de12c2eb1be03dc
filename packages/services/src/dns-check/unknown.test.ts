/**
 * Checks that could not run (issue 21 item 5), stored: a null grade is written and read back as null
 * (never a letter), the first unknown run already records `checks.unknown` drift, and the
 * `dns_check_failing` preset fires once a domain or IP has been unknown for an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver } from "@inboxwatch/deliverability/dns";
import { checkFixtures, startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { evaluateRules, seedPresetRules } from "@inboxwatch/alerting";
import { type OrgContext } from "../context.ts";
import { createSendingDomain } from "../inventory/sending-domain.ts";
import { createSendingIp } from "../inventory/sending-ip.ts";
import { getDomainHealth, getIpHealth, listHealth } from "./read.ts";
import { type DnsCheckDeps, runDomainCheck, runIpCheck } from "./run.ts";

/** Every lookup about this IP fails: its PTR SERVFAILs and every blocklist refuses. */
const DARK_IP = "192.0.2.60";
const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

let t: TestDatabase;
let dns: TestDnsServer;
let ctx: OrgContext;
const fixtures = checkFixtures();
const dark = DARK_IP.split(".").reverse().join("\\.");

function deps(now: number): DnsCheckDeps {
  return {
    resolver: createResolver({ servers: [dns.address], cache: false, timeoutMs: 1_000, retries: 0 }),
    fetcher: () => Promise.resolve({ ok: false, kind: "network", message: "no HTTPS in this test" }),
    now: () => new Date(now),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  dns = await startTestDnsServer(fixtures.zone, {
    ...fixtures.faults,
    servfail: [...(fixtures.faults.servfail ?? []), new RegExp(`^${dark}\\.in-addr\\.arpa$`)],
    refused: [new RegExp(`^${dark}\\.`)],
  });
  const org = await t.db.organization.create({ data: { name: "Unknown", slug: "dns-unknown" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

describe("a check that could not run, stored", () => {
  it("stores and reads back a null grade for an IP none of whose checks could run", async () => {
    const ip = await createSendingIp(ctx, { address: DARK_IP });
    await runIpCheck(ctx, { id: ip.id }, deps(T0));
    const health = await getIpHealth(ctx, { id: ip.id });
    expect(health.latest).toMatchObject({ grade: null, rdnsGrade: null, dnsblGrade: null, listedCount: 0 });
    expect(health.latest?.result.checks.dnsbl.summary).toMatch(/^could not check: all \d+ lists refused or timed out: /);
    expect(health.history.map((h) => h.grade)).toEqual([null]);
    expect((await listHealth(ctx)).ips.find((i) => i.id === ip.id)?.latest?.grade).toBeNull();
    // The first run has nothing to diff against, but "could not check" is recorded for the alert input.
    expect(health.drift.map((e) => [e.type, e.check])).toEqual([["checks.unknown", "rdns,dnsbl"]]);
  });

  it("stores a domain whose SPF could not be looked up with no SPF grade and the overall from the rest", async () => {
    const domain = await createSendingDomain(ctx, { domain: "servfail-spf.test" });
    dns.setZone(
      {
        ...fixtures.zone,
        "servfail-spf.test": { MX: [{ preference: 10, exchange: "mx1.good.test" }] },
        "_dmarc.servfail-spf.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@servfail-spf.test"] },
      },
      {
        ...fixtures.faults,
        servfail: [...(fixtures.faults.servfail ?? []), "servfail-spf.test/TXT"],
        refused: [/\.(dbl\.spamhaus\.org|multi\.surbl\.org)$/],
      },
    );
    await runDomainCheck(ctx, { id: domain.id }, deps(T0));
    const { latest } = await getDomainHealth(ctx, { id: domain.id });
    expect(latest).toMatchObject({ spfGrade: null, dmarcGrade: "A" });
    expect(latest?.grade).not.toBeNull();
    expect(latest?.result.checks.spf.unknownReason).toMatch(/SERVFAIL/);
  });

  it("fires the 'DNS checks could not run' preset after an hour of unknown, not before", async () => {
    await seedPresetRules(ctx);
    const rule = await t.db.alertRule.findFirstOrThrow({ where: { orgId: ctx.orgId, presetKey: "dns-check-failing" } });
    expect(await evaluateRules(ctx, { ruleIds: [rule.id], now: T0 + MINUTE_MS })).toMatchObject({ opened: 0 });
    expect(await evaluateRules(ctx, { ruleIds: [rule.id], now: T0 + 61 * MINUTE_MS })).toMatchObject({ opened: 1 });
    const incident = await t.db.incident.findFirstOrThrow({ where: { orgId: ctx.orgId, ruleId: rule.id } });
    expect(incident.status).toBe("open");
  });
});
