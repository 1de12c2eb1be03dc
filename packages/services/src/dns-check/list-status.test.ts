/**
 * The Domains and IPs lists' status columns on real PostgreSQL: the latest check per row (never an older
 * one), a check that could not run stays ungraded with its reason, the daily sparkline series, and no row
 * or check of another organization ever shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { createSendingDomain, listSendingDomains } from "../inventory/sending-domain.ts";
import { createSendingIp, listSendingIps } from "../inventory/sending-ip.ts";
import { LIST_SPARKLINE_DAYS, listDomainStatus, listIpStatus } from "./list-status.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
const now = new Date("2026-12-07T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

const dnsbl = (listed: number, answered: number, errors: number, unknownReason?: string) => ({
  check: "dnsbl",
  status: unknownReason ? "temperror" : listed > 0 ? "fail" : "pass",
  grade: unknownReason ? null : listed > 0 ? "F" : "A",
  listedCount: listed,
  answeredCount: answered,
  errorCount: errors,
  ...(unknownReason ? { unknownReason } : {}),
});

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await t.db.organization.create({ data: { name: "A", slug: "lists-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "lists-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => t?.drop());

describe("domain list status", () => {
  it("shows the latest check's grade and chips, 'could not check' as null with its reason, and a daily grade series", async () => {
    const good = await createSendingDomain(ctx, { domain: "good.test" });
    const unknown = await createSendingDomain(ctx, { domain: "unknown.test" });
    const fresh = await createSendingDomain(ctx, { domain: "fresh.test" });
    const base = { orgId: ctx.orgId, spfLookups: 1, queryCount: 10, durationMs: 50 };
    // An older F, then today's A: the list shows A.
    await t.db.domainCheck.create({
      data: {
        ...base,
        domainId: good.id,
        checkedAt: daysAgo(2),
        grade: "F",
        spfGrade: "F",
        result: { checks: { spf: { status: "fail" } } },
      },
    });
    await t.db.domainCheck.create({
      data: {
        ...base,
        domainId: good.id,
        checkedAt: daysAgo(0),
        grade: "A",
        spfGrade: "A",
        dkimGrade: "A",
        dmarcGrade: "B",
        dnsblGrade: "A",
        result: { checks: { spf: { status: "pass" }, dkim: { status: "pass" }, dmarc: { status: "warn" }, dnsbl: dnsbl(0, 12, 1) } },
      },
    });
    // Nothing could run: no grade anywhere, the reasons kept.
    await t.db.domainCheck.create({
      data: {
        ...base,
        domainId: unknown.id,
        checkedAt: daysAgo(0),
        grade: null,
        result: {
          checks: {
            spf: { status: "temperror", grade: null, unknownReason: "SERVFAIL for unknown.test TXT" },
            dmarc: { status: "temperror", grade: null, unknownReason: "timeout" },
            dnsbl: dnsbl(0, 0, 12, "all 12 lists refused"),
          },
        },
      },
    });

    const rows = await listSendingDomains(ctx, { now });
    const byName = new Map(rows.map((r) => [r.domain, r]));
    expect(byName.get("good.test")?.latest).toMatchObject({
      grade: "A",
      spf: { grade: "A", status: "pass", unknownReason: null },
      dmarc: { grade: "B", status: "warn" },
      blocklists: { listed: 0, answered: 12, errors: 1, grade: "A" },
    });
    const series = byName.get("good.test")?.gradeHistory ?? [];
    expect(series).toHaveLength(LIST_SPARKLINE_DAYS);
    expect(series.at(-1)?.value).toBe(4);
    expect(series.at(-3)?.value).toBe(0);
    expect(series.at(-2)?.value).toBeNull();

    expect(byName.get("unknown.test")?.latest).toMatchObject({
      grade: null,
      spf: { grade: null, status: "temperror", unknownReason: "SERVFAIL for unknown.test TXT" },
      dkim: null,
      blocklists: { grade: null, unknownReason: "all 12 lists refused" },
    });
    // A day whose only check could not run has no grade point (not an F).
    expect(byName.get("unknown.test")?.gradeHistory.at(-1)?.value).toBeNull();
    expect(byName.get("fresh.test")).toMatchObject({ latest: null, gradeHistory: [] });

    // Tenancy: the other organization lists nothing, and org A's ids read through org B find nothing.
    expect(await listSendingDomains(other, { now })).toEqual([]);
    const foreign = await listDomainStatus(other, { domainIds: [good.id, fresh.id], now });
    expect(foreign.get(good.id)).toEqual({ latest: null, gradeHistory: [] });
  });
});

describe("IP list status", () => {
  it("shows listings n of N, reverse DNS, 'could not check' blocklists, and a daily listings series", async () => {
    const listed = await createSendingIp(ctx, { address: "192.0.2.10" });
    const unknown = await createSendingIp(ctx, { address: "192.0.2.11" });
    const base = { orgId: ctx.orgId, queryCount: 60, durationMs: 80, fcrdns: true, ptr: "mail.good.test" };
    await t.db.ipCheck.create({
      data: {
        ...base,
        ipId: listed.id,
        checkedAt: daysAgo(3),
        grade: "A",
        rdnsGrade: "A",
        dnsblGrade: "A",
        listedCount: 0,
        listedScore: 0,
        result: { checks: { rdns: { status: "pass" }, dnsbl: dnsbl(0, 50, 0) } },
      },
    });
    await t.db.ipCheck.create({
      data: {
        ...base,
        ipId: listed.id,
        checkedAt: daysAgo(0),
        grade: "F",
        rdnsGrade: "A",
        dnsblGrade: "F",
        listedCount: 2,
        listedScore: 5,
        result: { checks: { rdns: { status: "pass" }, dnsbl: dnsbl(2, 50, 3) } },
      },
    });
    await t.db.ipCheck.create({
      data: {
        ...base,
        ipId: unknown.id,
        checkedAt: daysAgo(0),
        grade: "A",
        rdnsGrade: "A",
        dnsblGrade: null,
        listedCount: 0,
        listedScore: 0,
        result: { checks: { rdns: { status: "pass" }, dnsbl: dnsbl(0, 0, 53, "every list timed out") } },
      },
    });

    const rows = await listSendingIps(ctx, { now });
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    expect(byAddress.get("192.0.2.10")?.latest).toMatchObject({
      grade: "F",
      rdns: { grade: "A", status: "pass", ptr: "mail.good.test", fcrdns: true },
      blocklists: { listed: 2, answered: 50, errors: 3 },
    });
    const series = byAddress.get("192.0.2.10")?.listingHistory.map((p) => p.value) ?? [];
    expect(series.slice(-4)).toEqual([0, null, null, 2]);
    expect(byAddress.get("192.0.2.11")?.latest?.blocklists).toMatchObject({ grade: null, unknownReason: "every list timed out" });
    // Blocklists that could not be checked are no "0 listings" point.
    expect(byAddress.get("192.0.2.11")?.listingHistory.at(-1)?.value).toBeNull();

    expect(await listSendingIps(other, { now })).toEqual([]);
    expect((await listIpStatus(other, { ipIds: [listed.id], now })).get(listed.id)).toEqual({ latest: null, listingHistory: [] });
  });
});
