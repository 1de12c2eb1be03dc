/**
 * A check that could not run has no grade (issue 21 item 5): every blocklist refusing, timing out or
 * failing, SPF's TXT lookup failing. Real lookups against the loopback DNS server with faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkDomain, checkIp } from "./check-domain.ts";
import { diffCheckResults, unknownChecksDrift } from "./diff.ts";
import { buildCatalogue } from "./dnsbl/index.ts";
import { createResolver, type StubResolver } from "./resolver.ts";
import { checkFixtures, GOOD_IP, startTestDnsServer, type TestDnsServer } from "./testing/index.ts";
import type { DnsResolver, LookupResult, RecordType } from "./types.ts";

/** Every blocklist lookup for this IP fails: some REFUSED, some SERVFAIL, some time out. */
const DARK_IP = "192.0.2.50";
/** Half the blocklists refuse this IP; the others answer "not listed". */
const HALF_IP = "192.0.2.51";
/** A domain whose SPF TXT lookup fails while everything else answers. */
const SPF_DOWN = "spfdown.test";
/** Short: the timing-out lists are cut off by the batch deadline, not waited for. */
const LIST_TIMEOUT_MS = 300;

const reverse = (ip: string) => ip.split(".").reverse().join(".");
const ipLists = buildCatalogue().filter((l) => l.kind === "ip");
/** The lists HALF_IP gets REFUSED from: every other one, in catalogue order. */
const refusedZones = new Set(ipLists.filter((_, i) => i % 2 === 0).map((l) => l.zone));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let server: TestDnsServer;
let resolver: StubResolver;
beforeAll(async () => {
  const { zone, faults } = checkFixtures();
  const dark = escape(reverse(DARK_IP));
  server = await startTestDnsServer(
    {
      ...zone,
      [SPF_DOWN]: { MX: [{ preference: 10, exchange: "mx1.good.test" }] },
      [`_dmarc.${SPF_DOWN}`]: { TXT: ["v=DMARC1; p=reject"] },
      [`_smtp._tls.${SPF_DOWN}`]: { TXT: ["v=TLSRPTv1; rua=mailto:tls@good.test"] },
    },
    {
      ...faults,
      // Checked in this order by the server: timeout, SERVFAIL, REFUSED.
      timeout: [...(faults.timeout ?? []), new RegExp(`^${dark}\\.(?!in-addr)[a-f]`)],
      servfail: [...(faults.servfail ?? []), new RegExp(`^${dark}\\.(?!in-addr)[g-p]`), `${SPF_DOWN}/TXT`],
      refused: [new RegExp(`^${dark}\\.(?!in-addr)`), ...[...refusedZones].map((z) => `${reverse(HALF_IP)}.${z}`), /^good\.test\.[a-z]/],
    },
  );
  resolver = createResolver({ servers: [server.address], timeoutMs: 1_000, retries: 0 });
});
afterAll(() => server.close());

/** The loopback resolver, except that lookups matching `fails` get `message` as a transient error. */
function failing(fails: (name: string, type: RecordType) => boolean, message: string): DnsResolver {
  return {
    query<T extends RecordType>(name: string, type: T): Promise<LookupResult<T>> {
      return fails(name, type) ? Promise.resolve({ kind: "error", error: "servfail", message }) : resolver.query(name, type);
    },
  };
}

describe("a check that could not run has no grade", () => {
  it("an IP whose every blocklist lookup failed: DNSBL unknown, not 'listed on 0 of N, A'", async () => {
    const r = await checkIp(DARK_IP, resolver, { dnsbl: { listTimeoutMs: LIST_TIMEOUT_MS } });
    const dnsbl = r.checks.dnsbl;
    expect(dnsbl.lists.length).toBe(ipLists.length);
    expect(dnsbl.lists.every((l) => l.status === "error")).toBe(true);
    expect(new Set(dnsbl.lists.map((l) => l.error?.replace(/\d+/g, "N")))).toEqual(
      new Set(["REFUSED", "SERVFAIL", "no answer within N ms"]),
    );
    expect(dnsbl).toMatchObject({ status: "temperror", grade: null, listedCount: 0, answeredCount: 0, errorCount: ipLists.length });
    expect(dnsbl.unknownReason).toMatch(new RegExp(`^all ${ipLists.length} lists refused or timed out: `));
    expect(dnsbl.summary).toMatch(/^could not check: all \d+ lists refused or timed out: /);
    expect(dnsbl.summary).not.toMatch(/0 of/);
    // rDNS ran (no PTR: F); the overall grade is that one, the DNSBL is listed as unknown.
    expect(r.grades).toEqual({ rdns: "F", dnsbl: null });
    expect(r.grade).toBe("F");
    expect(r.unknownChecks).toEqual(["dnsbl"]);
  });

  it("with no check able to run, the overall grade is unknown too", async () => {
    const r = await checkIp(DARK_IP, resolver, { dnsbl: { listTimeoutMs: LIST_TIMEOUT_MS } });
    // The same IP with its PTR lookup failing too: swap in a resolver whose every PTR answer is SERVFAIL.
    const ptrFails = failing((_, type) => type === "PTR", "SERVFAIL");
    const none = await checkIp(DARK_IP, ptrFails, { dnsbl: { listTimeoutMs: LIST_TIMEOUT_MS } });
    expect(none.checks.rdns).toMatchObject({ status: "temperror", grade: null });
    expect(none.grade).toBeNull();
    expect(none.unknownChecks).toEqual(["rdns", "dnsbl"]);
    expect(r.grade).not.toBeNull();
  });

  it("a partly answered DNSBL check is graded on the lists that answered and says how many", async () => {
    const r = await checkIp(HALF_IP, resolver, { dnsbl: { listTimeoutMs: LIST_TIMEOUT_MS } });
    const dnsbl = r.checks.dnsbl;
    const answered = ipLists.length - refusedZones.size;
    expect(dnsbl).toMatchObject({ status: "pass", grade: "A", listedCount: 0, answeredCount: answered, errorCount: refusedZones.size });
    expect(dnsbl.unknownReason).toBeUndefined();
    expect(dnsbl.summary).toBe(`clear on ${answered} of ${ipLists.length} lists; ${refusedZones.size} gave no answer`);
  });

  it("names the lists that answered when listed: 'listed on 3 of N lists that answered'", async () => {
    const r = await checkIp("192.0.2.99", resolver, { dnsbl: { listTimeoutMs: LIST_TIMEOUT_MS } });
    expect(r.checks.dnsbl.summary).toBe(`listed on 3 of ${r.checks.dnsbl.answeredCount} lists that answered`);
  });

  it("a domain whose every domain blocklist refused: DNSBL unknown, the overall from the rest", async () => {
    const r = await checkDomain("good.test", resolver, { dnsbl: { listTimeoutMs: LIST_TIMEOUT_MS }, ips: [GOOD_IP] });
    expect(r.checks.dnsbl).toMatchObject({ status: "temperror", grade: null, answeredCount: 0 });
    expect(r.grades.dnsbl).toBeNull();
    expect(r.grade).toBe("A");
  });

  it("SPF temperror: no SPF grade (not B), the overall grade from the other checks", async () => {
    const r = await checkDomain(SPF_DOWN, resolver, { dnsbl: false, ips: [GOOD_IP] });
    expect(r.checks.spf).toMatchObject({ status: "temperror", grade: null });
    expect(r.checks.spf.unknownReason).toMatch(/DNS lookup for spfdown\.test failed \(SERVFAIL\)/);
    expect(r.grades.spf).toBeNull();
    expect(r.grades.dmarc).not.toBeNull();
    expect(r.unknownChecks).toEqual(["spf"]);
    // The overall is the worst of the checks that ran (DKIM, with no key found, is F here).
    const ran = Object.values(r.grades).filter((g): g is NonNullable<typeof g> => g !== null);
    expect(r.grade).toBe(ran.sort().at(-1));
  });

  it("a domain whose MX, SPF, DKIM and DMARC could not run has no overall grade, even if BIMI answered 'none'", async () => {
    const onlyOptional = failing((name) => !name.startsWith("default._bimi.") && !name.startsWith("_mta-sts."), "timed out");
    const r = await checkDomain("bare.test", onlyOptional, { dnsbl: false });
    expect(r.grades).toMatchObject({ mx: null, spf: null, dkim: null, dmarc: null, bimi: "A" });
    expect(r.grade).toBeNull();
  });

  it("going unknown and back are drift events, and an unknown run adds no record drift", async () => {
    const before = await checkDomain("good.test", resolver, { dnsbl: false });
    const spfDown = failing((name, type) => name === "good.test" && type === "TXT", "timed out");
    const unknown = await checkDomain("good.test", spfDown, { dnsbl: false });
    const down = diffCheckResults(before, unknown);
    expect(down.map((e) => e.type)).toEqual(["checks.unknown"]);
    expect(down[0]).toMatchObject({ check: "spf", severity: "warning", after: ["spf"] });
    expect(down[0]?.message).toMatch(/^Could not check spf \(spf: DNS lookup for good\.test failed \(timed out\)/);
    expect(diffCheckResults(unknown, await checkDomain("good.test", resolver, { dnsbl: false })).map((e) => e.type)).toEqual([
      "checks.known",
    ]);
    expect(unknownChecksDrift(undefined, unknown).map((e) => e.type)).toEqual(["checks.unknown"]);
    expect(unknownChecksDrift(undefined, before)).toEqual([]);
  });
});
