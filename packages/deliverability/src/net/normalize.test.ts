import { describe, expect, it } from "vitest";

import { normalizeDomain, normalizeHostname, normalizeIp } from "./normalize.ts";

describe("normalizeDomain", () => {
  it.each([
    ["Example.COM.", "example.com"],
    ["  mail.example.co.uk ", "mail.example.co.uk"],
    ["bücher.example", "xn--bcher-kva.example"],
  ])("%s → %s", (input, out) => expect(normalizeDomain(input)).toEqual({ ok: true, value: out }));

  it.each(["", "localhost", "http://example.com", "a@b.com", "-bad.example.com", "192.168.1.1", "exa mple.com", `${"a".repeat(64)}.com`])(
    "rejects %j with a message",
    (input) => {
      const r = normalizeDomain(input);
      expect(r.ok).toBe(false);
      expect(r.ok === false && r.error.length).toBeGreaterThan(5);
    },
  );
});

describe("normalizeIp", () => {
  it("writes IPv6 in RFC 5952 form", () => expect(normalizeIp("2001:DB8:0:0:0:0:0:1")).toEqual({ ok: true, value: "2001:db8::1" }));
  it("keeps dotted-quad IPv4", () => expect(normalizeIp(" 203.0.113.7 ")).toEqual({ ok: true, value: "203.0.113.7" }));
  it.each(["127.1", "300.1.1.1", "mail.example.com", "2130706433", "0x7f000001", "0177.0.0.1", "fe80::1%eth0"])("rejects %s", (input) =>
    expect(normalizeIp(input).ok).toBe(false),
  );
  // ipaddr.js would make these IPv4-mapped (::ffff:…), i.e. a different address that reaches 127.0.0.1.
  it.each([
    ["::127.0.0.1", "::7f00:1"],
    ["::ffff:0:127.0.0.1", "::ffff:0:7f00:1"],
    ["64:ff9b::127.0.0.1", "64:ff9b::7f00:1"],
    ["::ffff:127.0.0.1", "::ffff:7f00:1"],
  ])("keeps the IPv4 embedding of %s as the address it is (%s)", (input, out) =>
    expect(normalizeIp(input)).toEqual({ ok: true, value: out }),
  );
});

describe("normalizeHostname", () => {
  it("accepts a host name or a bracketed IP literal", () => {
    expect(normalizeHostname("MX1.Example.com")).toEqual({ ok: true, value: "mx1.example.com" });
    expect(normalizeHostname("[::1]")).toEqual({ ok: true, value: "::1" });
  });
  it.each(["2130706433", "0x7f.1", "127.1", "0177.0.0.1"])("treats the legacy address form %s as an address, and refuses it", (input) => {
    expect(normalizeHostname(input)).toEqual({ ok: false, error: `"${input}" is not a dotted-quad IPv4 address` });
  });
});
