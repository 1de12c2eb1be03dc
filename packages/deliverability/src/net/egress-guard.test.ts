import { describe, expect, it } from "vitest";

import { checkAddress, describeRefusal, parseAllowlist, resolveAllowedAddresses } from "./egress-guard.ts";

const closed = { allow: [] };

describe("egress guard", () => {
  it.each([
    ["10.1.2.3", "private address"],
    ["172.16.0.1", "private address"],
    ["192.168.1.1", "private address"],
    ["127.0.0.1", "loopback address"],
    ["169.254.169.254", "link-local address"],
    ["100.64.0.1", "carrier-grade NAT address"],
    ["224.0.0.1", "multicast address"],
    ["0.0.0.0", "unspecified address ('this network', 0.0.0.0/8)"],
    ["198.18.0.1", "benchmarking address"],
    ["192.0.2.1", "documentation address"],
    ["240.0.0.1", "reserved address"],
    ["255.255.255.255", "broadcast address"],
    ["::1", "loopback address"],
    ["::", "unspecified address"],
    ["fe80::1", "link-local address"],
    ["fe80::1%eth0", "link-local address"],
    ["fd00::1", "unique local address"],
    ["ff02::1", "multicast address"],
    ["::ffff:10.0.0.1", "private address"],
    ["::ffff:127.0.0.1", "loopback address"],
    // Issue 20 item 7: IPv6 forms that embed an IPv4 address are judged as IPv6 and refused.
    ["::7f00:1", "IPv4-compatible IPv6 address (embeds an IPv4 address)"],
    ["::127.0.0.1", "IPv4-compatible IPv6 address (embeds an IPv4 address)"],
    ["::ffff:0:7f00:1", "IPv4-translated IPv6 address (embeds an IPv4 address)"],
    ["64:ff9b::7f00:1", "NAT64 address (embeds an IPv4 address)"],
    ["64:ff9b:1::7f00:1", "local NAT64 address (embeds an IPv4 address)"],
    ["2002:7f00:1::", "6to4 address (embeds an IPv4 address)"],
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo address (embeds an IPv4 address)"],
    ["2001:db8::1", "documentation address"],
    ["3fff::1", "documentation address"],
    ["2001:10::1", "ORCHID address (deprecated)"],
    ["2001:20::1", "ORCHIDv2 address"],
    ["2001:2::1", "benchmarking address"],
    ["2001:5::1", "IETF protocol assignment address"],
    ["100::1", "discard-only address"],
    ["4000::1", "address outside global unicast (2000::/3)"],
  ])("refuses %s (%s)", (address, reason) => {
    const verdict = checkAddress(address, closed);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason).toBe(reason);
  });

  it.each([
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0x7f.0.0.1", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["[::1]", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["::ffff:7f00:1", "127.0.0.1"],
    ["0xa9.0xfe.0xa9.0xfe", "169.254.169.254"],
    ["2852039166", "169.254.169.254"],
  ])("judges the legacy/literal form %s as %s", (form, address) => {
    expect(checkAddress(form, closed)).toMatchObject({ allowed: false, address });
  });

  it("never lets an IPv4 allowlist open an IPv6 embedding of it (::7f00:1 with 127.0.0.0/8 allowed)", () => {
    const policy = { allow: parseAllowlist("127.0.0.0/8,::1/128") };
    for (const form of ["::7f00:1", "::127.0.0.1", "::ffff:0:7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::", "2001:0:0:0:0:0:80ff:fffe"]) {
      expect(checkAddress(form, policy).allowed, form).toBe(false);
    }
    expect(checkAddress("::ffff:127.0.0.1", policy).allowed).toBe(true);
    // Only an allowlisted IPv6 range that covers the address literally opens it.
    expect(checkAddress("::7f00:1", { allow: parseAllowlist("::/96") }).allowed).toBe(true);
  });

  it("phrases a refusal for people", () => {
    const verdict = checkAddress("169.254.169.254", closed);
    expect(verdict.allowed === false && describeRefusal(verdict)).toBe("refused: 169.254.169.254 is a link-local address");
  });

  it("judges an IP literal host in any form before any lookup", async () => {
    const lookups: string[] = [];
    const lookupAll = async (host: string) => {
      lookups.push(host);
      return [{ address: "93.184.216.34", family: 4 }];
    };
    for (const form of ["127.1", "2130706433", "0x7f.1", "[::7f00:1]", "fe80::1%eth0", "169.254.169.254."]) {
      expect(await resolveAllowedAddresses(form, closed, lookupAll), form).toMatchObject({ ok: false, kind: "blocked_by_policy" });
    }
    expect(lookups).toEqual([]);
  });

  it.each(["8.8.8.8", "2a00:1450:4001:81c::201b", "2001:4:112::1", "2606:4700::1111"])("allows public unicast %s", (address) => {
    expect(checkAddress(address, closed).allowed).toBe(true);
  });

  it("opens ranges named in the allowlist, and only those", () => {
    const policy = { allow: parseAllowlist("127.0.0.0/8, ::1") };
    expect(checkAddress("127.0.0.5", policy).allowed).toBe(true);
    expect(checkAddress("::1", policy).allowed).toBe(true);
    expect(checkAddress("10.0.0.1", policy).allowed).toBe(false);
  });

  it("rejects a malformed allowlist entry with a clear message", () => {
    expect(() => parseAllowlist("127.0.0.0/8,nonsense")).toThrow(/EGRESS_ALLOW: "nonsense"/);
  });

  it("refuses a name resolving only to forbidden addresses before any connection", async () => {
    const lookups: string[] = [];
    const outcome = await resolveAllowedAddresses("metadata.internal", closed, async (host) => {
      lookups.push(host);
      return [{ address: "169.254.169.254", family: 4 }];
    });
    expect(lookups).toEqual(["metadata.internal"]);
    expect(outcome).toMatchObject({ ok: false, kind: "blocked_by_policy" });
  });

  it("keeps only the allowed addresses of a mixed answer (pinning the checked ones)", async () => {
    const outcome = await resolveAllowedAddresses("mixed.example", closed, async () => [
      { address: "10.0.0.1", family: 4 },
      { address: "93.184.216.34", family: 4 },
    ]);
    expect(outcome).toEqual({ ok: true, addresses: ["93.184.216.34"] });
  });

  it("reports a resolution failure as data, not an exception", async () => {
    const outcome = await resolveAllowedAddresses("nx.example", closed, async () => {
      throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
    });
    expect(outcome).toMatchObject({ ok: false, kind: "dns_failed" });
  });
});
