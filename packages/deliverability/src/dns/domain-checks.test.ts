import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkBimi } from "./bimi.ts";
import { checkDomain } from "./check-domain.ts";
import { checkDkim } from "./dkim.ts";
import { checkDmarc } from "./dmarc.ts";
import { checkMx } from "./mx.ts";
import { createResolver, type StubResolver } from "./resolver.ts";
import { checkSpf } from "./spf/index.ts";
import { checkFixtures, startTestDnsServer, type TestDnsServer } from "./testing/index.ts";
import { checkTlsRpt } from "./tls-rpt.ts";
import type { Finding } from "./types.ts";

const codes = (findings: Finding[]) => findings.map((f) => f.code);

let server: TestDnsServer;
let resolver: StubResolver;
beforeAll(async () => {
  const { zone, faults } = checkFixtures();
  server = await startTestDnsServer(zone, faults);
  // 1 s, not less: on a loaded CI box a loopback answer can take longer than 100 ms (false timeouts).
  resolver = createResolver({ servers: [server.address], timeoutMs: 1_000, retries: 0 });
});
afterAll(() => server.close());

describe("MX", () => {
  it("lists exchanges by preference with their addresses", async () => {
    const r = await checkMx("good.test", resolver);
    expect(r.status).toBe("pass");
    expect(r.hosts.map((h) => [h.exchange, h.ipv4, h.ipv6])).toEqual([
      ["mx1.good.test", ["192.0.2.21"], ["2001:db8::21"]],
      ["mx2.good.test", ["192.0.2.22"], []],
    ]);
  });
  it("flags CNAME exchanges, IP literals and unresolvable hosts", async () => {
    const r = await checkMx("broken.test", resolver);
    expect(r.status).toBe("fail");
    expect(codes(r.findings).sort()).toEqual(["mx.cname", "mx.host-unresolvable", "mx.ip-literal"]);
  });
  it("recognises a null MX and a domain without MX", async () => {
    expect(await checkMx("nullmx.test", resolver)).toMatchObject({ nullMx: true, status: "pass" });
    expect(codes((await checkMx("bare.test", resolver)).findings)).toEqual(["mx.implicit"]);
    expect(codes((await checkMx("missing.test", resolver)).findings)).toEqual(["mx.domain-missing"]);
  });
});

describe("SPF", () => {
  it("walks the include tree, counts lookups and authorizes the registered IPs", async () => {
    const r = await checkSpf("good.test", resolver, { ips: ["192.0.2.10", "198.51.100.7", "203.0.113.1"] });
    expect(r.dnsLookups).toBe(1);
    expect(r.tree?.children.map((c) => c.domain)).toEqual(["_spf.provider.test"]);
    expect(r.evaluations.map((e) => e.result)).toEqual(["pass", "pass", "fail"]);
    expect(codes(r.findings)).toEqual(["spf.ip-not-authorized"]);
    expect(r.flattening?.records[0]).toEqual({ name: "good.test", value: "v=spf1 include:_spf1.good.test -all" });
    expect(r.flattening?.addresses).toEqual(["ip4:192.0.2.0/24", "ip4:198.51.100.0/24", "ip6:2001:db8:100::/48"]);
  });
  it("reports +all, ptr and more than 10 DNS-querying terms as permerror", async () => {
    const r = await checkSpf("broken.test", resolver);
    expect(r.status).toBe("permerror");
    expect(r.dnsLookups).toBe(12);
    expect(codes(r.findings)).toEqual(expect.arrayContaining(["spf.too-many-lookups", "spf.pass-all", "spf.ptr"]));
  });
  it("splits a flattening proposal into records under 512 bytes", async () => {
    const r = await checkSpf("broken.test", resolver);
    const records = r.flattening?.records ?? [];
    expect(records.length).toBeGreaterThan(1);
    for (const rec of records) expect(Buffer.byteLength(rec.value)).toBeLessThan(512);
    expect(records[0]?.value).toMatch(/^v=spf1 include:_spf1\.broken\.test ptr \+all$/);
  });
  it("distinguishes a missing record from several", async () => {
    expect(await checkSpf("bare.test", resolver)).toMatchObject({ status: "none", findings: [{ code: "spf.missing" }] });
    expect(await checkSpf("double.test", resolver)).toMatchObject({ status: "permerror", findings: [{ code: "spf.multiple-records" }] });
  });
});

describe("DKIM", () => {
  it("finds keys by discovery and grades key sizes", async () => {
    const good = await checkDkim("good.test", resolver);
    expect(good.selectors).toMatchObject([{ selector: "selector1", keyType: "rsa", keyBits: 2048 }]);
    expect(good.findings).toEqual([]);
    const broken = await checkDkim("broken.test", resolver, { selectors: ["s1", "missing"] });
    const bits = Object.fromEntries(broken.selectors.map((s) => [s.selector, s.keyBits ?? (s.revoked ? "revoked" : "absent")]));
    expect(bits).toEqual({ s1: 512, missing: "absent", k1: 1024, selector2: "revoked" });
    expect(codes(broken.findings).sort()).toEqual([
      "dkim.key-short",
      "dkim.key-weak",
      "dkim.revoked",
      "dkim.selector-missing",
      "dkim.testing",
    ]);
  });
});

describe("DMARC", () => {
  it("grades policy strength and falls back to the organizational domain", async () => {
    expect(await checkDmarc("good.test", resolver)).toMatchObject({ strength: "reject", source: "domain", findings: [] });
    expect(await checkDmarc("www.good.test", resolver)).toMatchObject({
      strength: "reject",
      source: "organizational",
      recordDomain: "good.test",
    });
  });
  it("flags monitoring-only, partial and unauthorized external destinations", async () => {
    const r = await checkDmarc("broken.test", resolver);
    expect(r).toMatchObject({ policy: "none", pct: 50, strength: "none", unauthorizedDestinations: ["vendor.test"] });
    expect(codes(r.findings)).toEqual(["dmarc.policy-none", "dmarc.external-unauthorized"]);
    expect(await checkDmarc("authorized.test", resolver)).toMatchObject({ strength: "quarantine", unauthorizedDestinations: [] });
  });
  it("treats several records as no policy", async () => {
    expect(await checkDmarc("double.test", resolver)).toMatchObject({ status: "permerror", strength: "missing" });
    expect(await checkDmarc("bare.test", resolver)).toMatchObject({
      status: "none",
      findings: [{ code: "dmarc.missing", severity: "critical" }],
    });
  });
});

describe("BIMI and TLS-RPT", () => {
  it("requires l=/a= and DMARC enforcement for BIMI", async () => {
    expect((await checkBimi("good.test", resolver, { dmarc: { strength: "reject" } })).findings).toEqual([]);
    const broken = await checkBimi("broken.test", resolver, { dmarc: { strength: "none" } });
    expect(codes(broken.findings).sort()).toEqual(["bimi.bad-logo", "bimi.dmarc-not-enforced", "bimi.no-authority"]);
  });
  it("checks the TLS-RPT rua syntax", async () => {
    expect(await checkTlsRpt("good.test", resolver)).toMatchObject({ status: "pass", rua: ["mailto:tls@good.test"] });
    expect(codes((await checkTlsRpt("broken.test", resolver)).findings)).toEqual(["tls-rpt.bad-rua"]);
  });
});

describe("DNS failures become temperror findings, never exceptions", () => {
  it.each(["slow.test", "servfail.test"])("%s", async (domain) => {
    const r = await checkDomain(domain, resolver, { dnsbl: false });
    for (const check of ["mx", "spf", "dmarc", "tlsRpt", "bimi"] as const) {
      expect(r.checks[check].status, check).toBe("temperror");
      expect(
        r.checks[check].findings.some((f) => f.code.endsWith(".temperror")),
        check,
      ).toBe(true);
    }
  });
});

describe("checkDomain", () => {
  it("grades every check and picks the worst finding; the result survives JSON", async () => {
    const good = await checkDomain("good.test", resolver, { dnsbl: { only: ["dbl.spamhaus.org"] }, now: () => new Date(0) });
    expect(good.grade).toBe("A");
    expect(good.checkedAt).toBe("1970-01-01T00:00:00.000Z");
    const broken = await checkDomain("broken.test", resolver, { dnsbl: { only: ["dbl.spamhaus.org", "multi.surbl.org"] } });
    expect(broken.grade).toBe("F");
    expect(broken.worst?.severity).toBe("critical");
    expect(broken.checks.dnsbl?.lists.map((l) => [l.zone, l.status, l.meanings])).toEqual([
      ["dbl.spamhaus.org", "listed", ["spam domain"]],
      ["multi.surbl.org", "listed", ["PH: phishing", "ABUSE: spam"]],
    ]);
    expect(JSON.parse(JSON.stringify(broken))).toEqual(broken);
  });
});
