import { checkFixtures, GOOD_IP, LISTED_IP, startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

describe("inboxwatch check (against the loopback DNS server)", () => {
  let dns: TestDnsServer;
  beforeAll(async () => {
    const { zone, faults } = checkFixtures();
    dns = await startTestDnsServer(zone, faults);
  });
  afterAll(() => dns.close());
  const run = async (...args: string[]) => {
    const io = captureIo({ ...process.env, EGRESS_ALLOW: "127.0.0.0/8" });
    const code = await main(["check", ...args, "--dns-server", dns.address, "--timeout", "200"], io);
    return { code, ...io };
  };

  it("check domain prints grades and findings with fixes", async () => {
    const good = await run("domain", "good.test", "--blocklists", "dbl.spamhaus.org");
    expect(good.stdout).toMatch(/Domain good\.test {2}overall grade/);
    expect(good.stdout).toMatch(/dmarc +A +pass/);
    const broken = await run("domain", "broken.test");
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("[critical] spf.too-many-lookups");
    expect(broken.stdout).toContain("fix: ");
  });

  it("check domain --json is the engine's result", async () => {
    const { code, stdout } = await run("domain", "good.test", "--json", "--blocklists", "dbl.spamhaus.org");
    const json = JSON.parse(stdout) as { kind: string; checks: { dmarc: { strength: string }; dnsbl: { lists: unknown[] } } };
    expect(json.kind).toBe("domain");
    expect(json.checks.dmarc.strength).toBe("reject");
    expect(json.checks.dnsbl.lists).toHaveLength(1);
    expect(typeof code).toBe("number");
  });

  it("check ip reports listings and honours --blocklists", async () => {
    const listed = await run("ip", LISTED_IP, "--blocklists", "zen.spamhaus.org,private-bl.test");
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain("listed on Spamhaus ZEN");
    expect(listed.stdout).toContain("private-bl.test");
    const good = await run("ip", GOOD_IP, "--helo", "mail.good.test", "--blocklists", "zen.spamhaus.org", "--json");
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ grade: "A", checks: { rdns: { fcrdns: true } } });
  });

  it("check spf evaluates check_host for an IP (RFC 7208 result)", async () => {
    const pass = await run("spf", "good.test", "--ip", "198.51.100.7", "--sender", "a@good.test", "--helo", "mail.good.test");
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain("SPF pass for 198.51.100.7 at good.test (matched include:_spf.provider.test)");
    const fail = await run("spf", "good.test", "--ip", "203.0.113.9", "--json");
    expect(fail.code).toBe(1);
    expect(JSON.parse(fail.stdout)).toMatchObject({ result: "fail", mechanism: "-all" });
  });

  it("check spf without --ip shows the include tree and a flattening proposal", async () => {
    const { code, stdout } = await run("spf", "broken.test");
    expect(code).toBe(1);
    expect(stdout).toContain("(12/10 DNS lookups");
    expect(stdout).toContain("include:_s0.broken.test");
    expect(stdout).toContain("Flattening proposal:");
  });

  it("rejects bad usage with exit code 2", async () => {
    expect((await run("zone", "x")).code).toBe(2);
    const io = captureIo();
    expect(await main(["check", "domain", "x.test", "--dns-server", "host:port"], io)).toBe(2);
  });
});
