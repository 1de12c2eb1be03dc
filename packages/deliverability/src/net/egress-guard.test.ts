import { describe, expect, it } from "vitest";

import { checkAddress, parseAllowlist, resolveAllowedAddresses } from "./egress-guard.ts";

const closed = { allow: [] };

describe("egress guard", () => {
  it.each([
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "linkLocal"],
    ["fd00::1", "uniqueLocal"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
  ])("refuses %s (%s)", (address, range) => {
    const verdict = checkAddress(address, closed);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason).toBe(`${range} address`);
  });

  it.each(["8.8.8.8", "2a00:1450:4001:81c::201b"])("allows public unicast %s", (address) => {
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
