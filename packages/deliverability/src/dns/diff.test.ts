import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkDomain, checkIp } from "./check-domain.ts";
import { diffCheckResults } from "./diff.ts";
import { createResolver } from "./resolver.ts";
import { checkFixtures, startTestDnsServer, type TestDnsServer, type TestZone } from "./testing/index.ts";

const LISTED = "192.0.2.77";

describe("drift between two check runs", () => {
  let server: TestDnsServer;
  let zone: TestZone;
  beforeAll(async () => {
    zone = checkFixtures().zone;
    server = await startTestDnsServer(zone);
  });
  afterAll(() => server.close());

  // A fresh resolver per run: the cache would otherwise hide the change.
  const run = (domain: string) => checkDomain(domain, createResolver({ servers: [server.address] }), { dnsbl: false, discoverDkim: true });

  it("produces no events when nothing changed", async () => {
    expect(diffCheckResults(await run("good.test"), await run("good.test"))).toEqual([]);
  });

  it("reports record changes, SPF over the limit, weaker DMARC and a DKIM key gone or shortened", async () => {
    const before = await run("good.test");
    const tooMany = Array.from({ length: 11 }, (_, i) => `include:_s${i}.broken.test`).join(" ");
    server.setZone({
      ...zone,
      "good.test": { ...zone["good.test"], TXT: [`v=spf1 ${tooMany} -all`] },
      "_dmarc.good.test": { TXT: ["v=DMARC1; p=none; rua=mailto:dmarc@good.test"] },
      "selector1._domainkey.good.test": { TXT: [zone["k1._domainkey.broken.test"]?.TXT?.[0] as string] },
      "_smtp._tls.good.test": {},
    });
    const after = await run("good.test");
    const types = diffCheckResults(before, after).map((e) => `${e.check}:${e.type}`);
    expect(types).toEqual(
      expect.arrayContaining([
        "spf:record.changed",
        "spf:spf.over-lookup-limit",
        "dmarc:dmarc.policy-weakened",
        "dkim:dkim.key-shortened",
        "tlsRpt:record.removed",
      ]),
    );
    server.setZone({ ...zone, "selector1._domainkey.good.test": {} });
    const gone = diffCheckResults(before, await run("good.test")).map((e) => e.type);
    expect(gone).toContain("dkim.key-removed");
    // A watched selector (as an organization's domain has them) is listed found or not on every run.
    const watched = () =>
      checkDomain("good.test", createResolver({ servers: [server.address] }), {
        dnsbl: false,
        dkimSelectors: ["selector1"],
        discoverDkim: false,
      });
    const without = await watched();
    server.setZone(zone);
    // Published again: the drift that clears "DKIM key missing".
    const back = diffCheckResults(without, await watched());
    expect(back.map((e) => e.type)).toContain("dkim.key-restored");
    expect(back.find((e) => e.type === "dkim.key-restored")?.message).toBe("DKIM key selector1._domainkey.good.test is published again.");
  });

  it("reports an IP newly listed and delisted", async () => {
    const reversed = `${LISTED.split(".").reverse().join(".")}.zen.spamhaus.org`;
    const runIp = () => checkIp(LISTED, createResolver({ servers: [server.address] }), { dnsbl: { only: ["zen.spamhaus.org"] } });
    const clean = await runIp();
    server.setZone({ ...zone, [reversed]: { A: ["127.0.0.2"] } });
    const listed = await runIp();
    server.setZone(zone);
    expect(diffCheckResults(clean, listed).map((e) => e.type)).toContain("dnsbl.listed");
    expect(diffCheckResults(listed, await runIp()).map((e) => e.type)).toContain("dnsbl.delisted");
  });
});
