import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkIp } from "./check-domain.ts";
import { buildCatalogue, checkDnsbl, DEFAULT_BLOCKLISTS } from "./dnsbl/index.ts";
import { checkRdns } from "./rdns.ts";
import { createResolver, type StubResolver } from "./resolver.ts";
import {
  checkFixtures,
  GOOD_IP,
  LISTED_IP,
  NO_PTR_IP,
  REFUSED_IP,
  startTestDnsServer,
  type TestDnsServer,
  UNCONFIRMED_IP,
} from "./testing/index.ts";

let server: TestDnsServer;
let resolver: StubResolver;
beforeAll(async () => {
  const { zone, faults } = checkFixtures();
  server = await startTestDnsServer(zone, faults);
  // 1 s, not less: on a loaded CI box a loopback answer can take longer than 100 ms (false timeouts).
  resolver = createResolver({ servers: [server.address], timeoutMs: 1_000, retries: 0 });
});
afterAll(() => server.close());

describe("rDNS / FCrDNS", () => {
  it("confirms a PTR that resolves back and matches the HELO", async () => {
    const r = await checkRdns(GOOD_IP, resolver, { expectedHelo: "mail.good.test", bannerHostname: "mail.good.test" });
    expect(r).toMatchObject({ fcrdns: true, ptrNames: ["mail.good.test"], status: "pass", findings: [] });
  });
  it("flags missing PTR, unconfirmed PTR, HELO mismatch and generic names", async () => {
    expect((await checkRdns(NO_PTR_IP, resolver)).findings.map((f) => f.code)).toEqual(["rdns.missing"]);
    const unconfirmed = await checkRdns(UNCONFIRMED_IP, resolver, { expectedHelo: "mx.other.test", bannerHostname: "smtp.other.test" });
    expect(unconfirmed.findings.map((f) => f.code)).toEqual(["rdns.not-forward-confirmed", "rdns.helo-mismatch", "rdns.banner-mismatch"]);
    expect((await checkRdns(LISTED_IP, resolver)).findings.map((f) => f.code)).toContain("rdns.generic");
  });
  it("names the banner hostname and the ports it was seen on when it differs from the PTR", async () => {
    const r = await checkRdns(GOOD_IP, resolver, {
      banners: [
        { hostname: "MX1.good.test.", port: 587, server: "mx1.good.test" },
        { hostname: "mx1.good.test", port: 25, server: "mx1.good.test" },
        { hostname: "mail.good.test", port: 465, server: "mail.good.test" },
      ],
    });
    expect(r.banners).toEqual([
      { hostname: "mail.good.test", ports: [465], servers: ["mail.good.test"], matchesPtr: true },
      { hostname: "mx1.good.test", ports: [25, 587], servers: ["mx1.good.test"], matchesPtr: false },
    ]);
    const mismatch = r.findings.filter((f) => f.code === "rdns.banner-mismatch");
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]?.message).toBe(
      "PTR mail.good.test does not match the banner hostname mx1.good.test seen on port 25, 587 of mx1.good.test.",
    );
    expect(mismatch[0]?.fix).toMatch(/myhostname.*mail\.good\.test.*PTR of 192\.0\.2\.10 to mx1\.good\.test/);
    expect(r).toMatchObject({ fcrdns: true, status: "warn", grade: "B" });
  });
  it("passes when every banner hostname is the PTR name", async () => {
    const r = await checkIp(GOOD_IP, resolver, {
      banners: [{ hostname: "mail.good.test", port: 25 }],
      dnsbl: { only: ["zen.spamhaus.org"] },
    });
    expect(r.checks.rdns).toMatchObject({
      status: "pass",
      findings: [],
      banners: [{ hostname: "mail.good.test", ports: [25], servers: [], matchesPtr: true }],
    });
  });
});

describe("DNSBL", () => {
  it("ships a catalogue of at least 50 IP lists and several domain lists", () => {
    expect(DEFAULT_BLOCKLISTS.filter((l) => l.kind === "ip").length).toBeGreaterThanOrEqual(50);
    expect(DEFAULT_BLOCKLISTS.filter((l) => l.kind === "domain").length).toBeGreaterThanOrEqual(3);
    expect(new Set(DEFAULT_BLOCKLISTS.map((l) => l.zone)).size).toBe(DEFAULT_BLOCKLISTS.length);
  });
  it("reads listings with meanings, TXT reasons and a weighted critical severity", async () => {
    const r = await checkDnsbl(LISTED_IP, resolver);
    expect(r.lists.length).toBeGreaterThanOrEqual(50);
    const listed = r.lists.filter((l) => l.status === "listed");
    expect(listed.map((l) => l.zone)).toEqual(["zen.spamhaus.org", "b.barracudacentral.org", "bl.spamcop.net"]);
    expect(listed[0]).toMatchObject({
      meanings: ["SBL: Spamhaus spam source", "PBL: ISP policy, not meant to send direct-to-MX"],
      reason: "https://check.spamhaus.org/sbl/query/SBL123",
    });
    expect(r.score).toBe(27);
    expect(r.findings.filter((f) => f.code === "dnsbl.listed").every((f) => f.severity === "critical")).toBe(true);
    expect(r.status).toBe("fail");
  });
  it("treats 127.255.255.x and answers outside 127/8 as errors, not listings", async () => {
    const r = await checkDnsbl(REFUSED_IP, resolver, { only: ["zen.spamhaus.org", "bl.spamcop.net"] });
    expect(r.lists.map((l) => [l.zone, l.status])).toEqual([
      ["zen.spamhaus.org", "error"],
      ["bl.spamcop.net", "error"],
    ]);
    expect(r.lists[0]?.error).toMatch(/public\/open resolver refused/);
    expect(r.listedCount).toBe(0);
    expect(r.status).toBe("temperror");
  });
  it("reports a list that does not answer in time as an error", async () => {
    const r = await checkDnsbl(GOOD_IP, resolver, { only: ["bl.spamcop.net", "zen.spamhaus.org"], listTimeoutMs: 500 });
    expect(r.lists.map((l) => l.status)).toEqual(["error", "clear"]);
    expect(r.status).toBe("pass");
  });
  it("lets an organization add a private list and disable one", async () => {
    const catalogue = buildCatalogue({
      add: [{ zone: "private-bl.test", name: "Our list", kind: "ip", weight: 2, delistUrl: "" }],
      disable: ["bl.spamcop.net"],
    });
    expect(catalogue.some((l) => l.zone === "bl.spamcop.net")).toBe(false);
    const r = await checkDnsbl(LISTED_IP, resolver, { catalogue });
    expect(r.lists.find((l) => l.zone === "private-bl.test")).toMatchObject({ status: "listed", codes: ["127.0.0.3"] });
  });
  it("interprets URIBL's 127.0.0.1 as a refused query", async () => {
    const r = await checkDnsbl("good.test", resolver, { only: ["multi.uribl.com"] });
    expect(r.lists[0]).toMatchObject({ status: "error" });
  });
});

describe("checkIp", () => {
  it("combines rDNS and blocklists into grades", async () => {
    const good = await checkIp(GOOD_IP, resolver, { expectedHelo: "mail.good.test", dnsbl: { only: ["zen.spamhaus.org"] } });
    expect(good).toMatchObject({ grade: "A", grades: { rdns: "A", dnsbl: "A" } });
    const listed = await checkIp(LISTED_IP, resolver);
    expect(listed.grade).toBe("F");
    expect(listed.worst?.severity).toBe("critical");
    expect(listed.checks.dnsbl.listedCount).toBe(3);
  });
});
