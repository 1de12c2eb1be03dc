// PTR and provider names for DMARC source IPs, against the loopback DNS server and real PostgreSQL:
// forward-confirmed PTRs only, provider from the PTR suffix or a known range, a per-organization cache
// that spares the second lookup, and DNS failures cached briefly instead of as "no name".
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver, type DnsResolver } from "@inboxwatch/deliverability/dns";
import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { nameReportSources, resolveSourceName, SOURCE_NAME_RETRY_TTL_MS, SOURCE_NAME_TTL_MS } from "./source-names.ts";
import { providerOf, providerOfIp, providerOfPtr } from "./source-providers.ts";

const ZONE = {
  // Google outbound: PTR confirmed by its A record.
  "1.0.85.209.in-addr.arpa": { PTR: ["mail-ej1-f1.google.com"] },
  "mail-ej1-f1.google.com": { A: ["209.85.0.1"] },
  // SendGrid by PTR suffix, outside the listed ranges.
  "7.113.0.203.in-addr.arpa": { PTR: ["o1.ptr1234.sendgrid.net"] },
  "o1.ptr1234.sendgrid.net": { A: ["203.0.113.7"] },
  // A PTR claiming Google that does not resolve back: not trusted, no provider.
  "8.113.0.203.in-addr.arpa": { PTR: ["mail-fake.google.com"] },
  "mail-fake.google.com": { A: ["192.0.2.99"] },
  // IPv6 with a confirmed PTR of the organization's own server.
  "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": { PTR: ["mx1.customer.example"] },
  "mx1.customer.example": { AAAA: ["2001:db8::1"] },
};

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let dns: TestDnsServer;
let resolver: DnsResolver;
let seq = 0;

beforeAll(async () => {
  [t, dns] = await Promise.all([createTestDatabase(), startTestDnsServer(ZONE, { timeout: ["9.113.0.203.in-addr.arpa"] })]);
  resolver = createResolver({ servers: [dns.address], cache: false, timeoutMs: 500, retries: 0 });
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

async function orgWithRecords(ips: string[]): Promise<OrgContext> {
  seq++;
  const org = await t.db.organization.create({ data: { name: `Names ${seq}`, slug: `names-${seq}` } });
  const begin = new Date("2026-11-01T00:00:00Z");
  const end = new Date("2026-11-02T00:00:00Z");
  const report = await t.db.dmarcReport.create({
    data: {
      orgId: org.id,
      reporterOrg: "google.com",
      reportId: `r${seq}`,
      beginAt: begin,
      endAt: end,
      domain: "customer.example",
      recordCount: ips.length,
      messageCount: ips.length,
      dedupKey: `k${seq}`,
    },
  });
  await t.db.dmarcRecord.createMany({
    data: ips.map((sourceIp) => ({
      orgId: org.id,
      reportId: report.id,
      beginAt: begin,
      endAt: end,
      domain: "customer.example",
      sourceIp,
      count: 1,
    })),
  });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

describe("provider table", () => {
  it("names providers by PTR suffix on label boundaries and by published range", () => {
    expect(providerOfPtr("o1.ptr1234.sendgrid.net.")).toBe("SendGrid");
    expect(providerOfPtr("a1-2.smtp-out.amazonses.com")).toBe("Amazon SES");
    expect(providerOfPtr("mail.notsendgrid.net")).toBeNull();
    expect(providerOfIp("40.107.1.2")).toBe("Microsoft");
    expect(providerOfIp("2a00:1450:4010:c0a::1a")).toBe("Google");
    expect(providerOfIp("192.0.2.1")).toBeNull();
    // The PTR wins over the range.
    expect(providerOf("209.85.0.1", "o1.sendgrid.net")).toBe("SendGrid");
  });
});

describe("reports.name-sources", () => {
  it("keeps only forward-confirmed PTRs", async () => {
    expect(await resolveSourceName("209.85.0.1", resolver)).toEqual({
      ip: "209.85.0.1",
      ptr: "mail-ej1-f1.google.com",
      provider: "Google",
      transient: false,
    });
    expect(await resolveSourceName("203.0.113.8", resolver)).toEqual({ ip: "203.0.113.8", ptr: null, provider: null, transient: false });
    expect(await resolveSourceName("2001:db8::1", resolver)).toMatchObject({ ptr: "mx1.customer.example", provider: null });
    // No PTR at all, but inside Microsoft's outbound range.
    expect(await resolveSourceName("40.107.1.2", resolver)).toMatchObject({ ptr: null, provider: "Microsoft", transient: false });
  });

  it("names every unnamed record, caches per IP, and names the next report's records from the cache", async () => {
    const now = new Date("2026-11-28T00:00:00Z");
    const ctx = await orgWithRecords(["209.85.0.1", "203.0.113.7", "203.0.113.8", "209.85.0.1", "203.0.113.9"]);
    const first = await nameReportSources(sys(), { orgId: ctx.orgId }, { resolver, now: () => now });
    expect(first).toEqual({ resolved: 4, fromCache: 0, named: 3 });
    const records = await t.db.dmarcRecord.findMany({ where: { orgId: ctx.orgId }, select: { sourceIp: true, ptr: true, provider: true } });
    expect(
      records.filter((r) => r.sourceIp === "209.85.0.1").every((r) => r.ptr === "mail-ej1-f1.google.com" && r.provider === "Google"),
    ).toBe(true);
    expect(records.find((r) => r.sourceIp === "203.0.113.7")).toMatchObject({ ptr: "o1.ptr1234.sendgrid.net", provider: "SendGrid" });
    expect(records.find((r) => r.sourceIp === "203.0.113.8")).toMatchObject({ ptr: null, provider: null });

    const cache = await t.db.reportSourceName.findMany({ where: { orgId: ctx.orgId }, orderBy: { ip: "asc" } });
    expect(cache.map((c) => [c.ip, c.expiresAt.getTime() - now.getTime()])).toEqual([
      ["203.0.113.7", SOURCE_NAME_TTL_MS],
      ["203.0.113.8", SOURCE_NAME_TTL_MS],
      // The PTR query timed out: retried within the hour, not cached for a week as nameless.
      ["203.0.113.9", SOURCE_NAME_RETRY_TTL_MS],
      ["209.85.0.1", SOURCE_NAME_TTL_MS],
    ]);

    // Nothing left to do.
    expect(await nameReportSources(sys(), { orgId: ctx.orgId }, { resolver, now: () => now })).toEqual({
      resolved: 0,
      fromCache: 0,
      named: 0,
    });

    // A new report from a known IP: named from the cache, no DNS query.
    const report = await t.db.dmarcReport.findFirstOrThrow({ where: { orgId: ctx.orgId } });
    await t.db.dmarcRecord.create({
      data: {
        orgId: ctx.orgId,
        reportId: report.id,
        beginAt: report.beginAt,
        endAt: report.endAt,
        domain: "customer.example",
        sourceIp: "209.85.0.1",
        count: 3,
      },
    });
    const queries = dns.queryCount;
    expect(await nameReportSources(sys(), { orgId: ctx.orgId }, { resolver, now: () => now })).toEqual({
      resolved: 0,
      fromCache: 1,
      named: 1,
    });
    expect(dns.queryCount).toBe(queries);

    // After the retry TTL the failed IP is looked up again.
    const later = new Date(now.getTime() + SOURCE_NAME_RETRY_TTL_MS + 1);
    expect(await nameReportSources(sys(), { orgId: ctx.orgId }, { resolver, now: () => later })).toMatchObject({ resolved: 1 });
  });

  it("keeps each organization's cache to itself", async () => {
    const a = await orgWithRecords(["209.85.0.1"]);
    const b = await orgWithRecords(["209.85.0.1"]);
    await nameReportSources(sys(), { orgId: a.orgId }, { resolver });
    expect(await t.db.dmarcRecord.findFirst({ where: { orgId: b.orgId }, select: { ptr: true } })).toEqual({ ptr: null });
    expect(await t.db.reportSourceName.count({ where: { orgId: b.orgId } })).toBe(0);
  });
});
